import type { UserEvent } from '@roster/domain';
import { userStream } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';

/** An event to record, alone or with the metadata its writer added (e.g. the acting API key). */
export type ToRecord = UserEvent | [UserEvent, Record<string, unknown>];

/**
 * A user's events as a store would have recorded them, revision by revision from 0, each recorded at
 * `recordedAt(revision)`: for the pure functions that read a stream's past.
 */
export function recordedUserStream(
  userId: string,
  events: readonly ToRecord[],
  recordedAt: (revision: number) => Date,
): RecordedEvent<UserEvent>[] {
  return events.map((item, revision) => {
    const [event, metadata] = Array.isArray(item) ? item : [item, {}];
    return {
      ...event,
      id: `${userId}-${revision}`,
      stream: userStream(userId),
      revision,
      position: BigInt(100 + revision),
      metadata: { schemaVersion: 1, tenantId: 'default', ...metadata },
      recordedAt: recordedAt(revision),
    };
  });
}
