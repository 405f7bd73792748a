import type { RecordedEvent } from '@roster/event-store';
import { existsSync, readFileSync } from 'node:fs';
import { TENANT, UserEventLog, userId } from '../../testing/fixtures';

/** Users created after the marked ones, in batches: enough inserts to split and merge the pages holding them. */
export const CHURN_USERS = 3000;
const CHURN_BATCH = 250;

/** What every marked user's data carries: `stem` in its names, e-mail and userName; `mobileStem` in its mobile. */
export interface Stems {
  /** Lower-case letters and digits: the search columns fold case, so each copy holds the stem itself. */
  stem: string;
  /** Digits, starting with 7 (no churn user's mobile does); four more digits follow it. */
  mobileStem: string;
}

export interface MarkedLog {
  /** The creations, in batches as a projector applies them: the marked users first, then the churn. */
  batches: RecordedEvent[][];
  /** One batch erasing every marked user. */
  erasure: RecordedEvent[];
  markedIds: string[];
}

/**
 * `count` marked users created long before the erasure, then thousands of others whose names, e-mails and mobiles
 * land all over every search index; half-way, the marked users' names grow, so their index entries no longer fit
 * where they were. Moving cells that way is what leaves copies `secure_delete` does not zero (about one erased user
 * in a hundred keeps one), hence hundreds of marked users. Deterministic, so a child process builds the same log.
 */
export function markedLog({ stem, mobileStem }: Stems, count: number): MarkedLog {
  const log = new UserEventLog();
  const markedIds = Array.from({ length: count }, (_, index) => {
    // Each starting with another letter: among the churn's entries in every index, not all at its end.
    const marker = `${String.fromCharCode(97 + (index % 26))}${stem}m${index}x`;
    return log.create({
      userId: userId(index + 1),
      userName: `${marker}user`,
      firstName: marker,
      lastName: `${marker}last`,
      email: `${marker}@mail.test`,
      mobile: `${mobileStem}${index.toString().padStart(4, '0')}`,
      roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
    });
  });
  const batches: RecordedEvent[][] = [log.since(0)];
  for (let first = 0; first < CHURN_USERS; first += CHURN_BATCH) {
    const mark = log.events.length;
    for (let n = first; n < first + CHURN_BATCH; n++) {
      // In a scattered order (a multiplicative hash of n), so inserts land all over every index.
      const name = `${((n * 2654435761) >>> 0).toString(36)}churn${n}`;
      log.create({
        userId: userId(100_000 + n),
        userName: `${name}user`,
        firstName: name,
        lastName: `${name}last`,
        email: `${name}@mail.test`,
        // Digits 8 and 9 only: no churn mobile holds a marked user's mobile stem (a 7 and five digits).
        mobile: `98${n.toString(2).replaceAll('0', '8').replaceAll('1', '9')}`,
      });
    }
    if (first === CHURN_USERS / 2)
      markedIds.forEach((id, index) => log.update(id, { lastName: `${stem}m${index}x${'l'.repeat(index % 200)}` }));
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
