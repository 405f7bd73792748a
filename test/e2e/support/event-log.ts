import { join } from 'node:path';
import { SqliteEventStore } from '@roster/event-store/sqlite';

/** Opens the running app's event log the way a second process would, to check what was written. */
export function openEventLog(dataDir: string): SqliteEventStore {
  return new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
}

export async function headOf(dataDir: string): Promise<bigint | null> {
  const log = openEventLog(dataDir);
  try {
    return await log.headPosition();
  } finally {
    await log.close();
  }
}
