import { KURRENTDB_DEVIATIONS, describeContractWithDeviations } from './testing/contract-deviations';
import type { FakeServerVersion } from './testing/fake-kurrentdb-client';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The shared contract against the adapter over the fake server, once per append path: appendRecords (26.1),
 * multiStreamAppend (25.1) and the per-stream fallback (24.10). The 26.1 run also uses a stream prefix over a
 * log that already holds foreign and system events, which the store must not see.
 */
const servers: Array<{ version: FakeServerVersion; deviations: Record<string, string>; prefix?: string }> = [
  { version: '26.1', deviations: KURRENTDB_DEVIATIONS.always, prefix: 'run42-' },
  { version: '25.1', deviations: KURRENTDB_DEVIATIONS.always },
  { version: '24.10', deviations: { ...KURRENTDB_DEVIATIONS.always, ...KURRENTDB_DEVIATIONS.perStream } },
];

for (const { version, deviations, prefix } of servers) {
  describeContractWithDeviations(
    `KurrentDbEventStore on a fake KurrentDB ${version}${prefix ? ` (stream prefix ${prefix})` : ''}`,
    async () => {
      const client = new FakeKurrentDbClient({ serverVersion: version });
      if (prefix) {
        client.seedEvent('other-app-1', 'SomethingElse');
        client.seedEvent('$$other-app-1', '$metadata');
      }
      const store = new KurrentDbEventStore({
        client,
        streamPrefix: prefix,
        pollIntervalMs: 10,
        subscription: { onError: () => undefined },
      });
      return { store, cleanup: () => store.close() };
    },
    deviations,
  );
}
