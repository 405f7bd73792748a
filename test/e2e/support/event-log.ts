import { join } from 'node:path';
import { loadConfig, loadServerSecret } from '@roster/config';
import type { EventStore } from '@roster/event-store';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import { EncryptingEventStore, KeyRing, PersonalDataVault, rosterPersonalData } from '@roster/personal-data';
import { SqliteKeyStore } from '@roster/personal-data/sqlite';

/**
 * Opens the running app's event log the way a second process would, to check what was written: through the
 * encryption of personal data, with the keys in DATA_DIR and the app's secret (its ROSTER_SECRET when it was given
 * one, else DATA_DIR/roster.secret), so events read as the app reads them.
 */
export function openEventLog(dataDir: string, secret?: string): EventStore {
  const config = loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'sqlite', ...(secret ? { ROSTER_SECRET: secret } : {}) });
  const vault = new PersonalDataVault(
    new SqliteKeyStore({ file: join(dataDir, 'keys.sqlite') }),
    new KeyRing(loadServerSecret(config)),
  );
  return new EncryptingEventStore(
    new SqliteEventStore({ file: join(dataDir, 'events.sqlite') }),
    vault,
    rosterPersonalData,
  );
}

/** The log's head: no personal data involved, so the adapter itself (no secret needed). */
export async function headOf(dataDir: string): Promise<bigint | null> {
  const log = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  try {
    return await log.headPosition();
  } finally {
    await log.close();
  }
}
