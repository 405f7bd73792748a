import type { RecordedEvent } from '@roster/event-store';
import { existsSync, readFileSync } from 'node:fs';
import { TENANT, UserEventLog, userId } from '../../testing/fixtures';

/** Users created after the marked ones, in batches: enough inserts to split and merge the pages holding them. */
export const CHURN_USERS = 4000;
const CHURN_BATCH = 250;

export interface MarkedLog {
  /** The creations, in batches as a projector applies them: the marked users first, then the churn. */
  batches: RecordedEvent[][];
  /** One batch erasing every marked user. */
  erasure: RecordedEvent[];
  markedIds: string[];
}

/**
 * Marked users (name, e-mail, userName and mobile all carry the marker) created long before the erasure, then
 * thousands of others whose names, e-mails and mobiles interleave with theirs in every search index, so later
 * inserts move the marked users' cells between pages, as in a real read model. Deterministic, so a child process
 * builds the same log.
 */
export function markedLog(markers: readonly string[], mobiles: readonly string[]): MarkedLog {
  const log = new UserEventLog();
  const markedIds = markers.map((marker, index) =>
    log.create({
      userId: userId(index + 1),
      userName: `${marker}user`,
      firstName: marker,
      lastName: `${marker}last`,
      email: `${marker}@mail.test`,
      mobile: mobiles[index],
      roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
    }),
  );
  const batches: RecordedEvent[][] = [log.since(0)];
  for (let first = 0; first < CHURN_USERS; first += CHURN_BATCH) {
    const mark = log.events.length;
    for (let n = first; n < first + CHURN_BATCH; n++) {
      // Spread over the alphabet, so inserts land between and around the marked users' index entries.
      const name = `${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + ((n * 7) % 26))}churn${n}`;
      log.create({
        userId: userId(1000 + n),
        userName: `${name}user`,
        firstName: name,
        lastName: `${name}last`,
        email: `${name}@mail.test`,
        mobile: `9${(n * 7919).toString().padStart(9, '0')}`,
      });
    }
    // Half-way, the marked users' names grow: their rows no longer fit where they were and move.
    if (first === CHURN_USERS / 2)
      markers.forEach((marker, index) => log.update(markedIds[index], { lastName: `${marker}${'l'.repeat(300)}` }));
    batches.push(log.since(mark));
  }
  return { batches, erasure: markedIds.map((id) => log.erase(id)), markedIds };
}

/** The files of a read model (database, WAL, shared memory) whose raw bytes contain `needle`. */
export function filesHolding(file: string, needle: string): string[] {
  return ['', '-wal', '-shm']
    .map((suffix) => file + suffix)
    .filter((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(needle)));
}
