/**
 * DIGIT's clients read egov-user's `id` as a number (its API gateway as a 32-bit Java Integer, others as a
 * Long), so every user gets one at creation besides its uuid: unique across the deployment, never reused,
 * never changed. Ids come in blocks (hi/lo): a process reserves a block by appending IdBlockReserved to one
 * sequence stream with that stream's expected revision, then hands the block's ids out from memory, so
 * creates do not all queue on the sequence stream. Ids a process reserved but never handed out (it stopped)
 * are skipped, never reissued.
 */

/** Ids start at 1: DIGIT treats 0 and below as "no id". */
export const MIN_NUMERIC_USER_ID = 1;
/** Java's Integer.MAX_VALUE: the largest id DIGIT's API gateway can read. */
export const MAX_NUMERIC_USER_ID = 2_147_483_647;

/**
 * The sequence stream. Not `user-…`: every reader of the log (projector, relay) takes a stream with that
 * prefix for a user's own, so the sequence would turn up as a user.
 */
export const NUMERIC_USER_ID_SEQUENCE_STREAM = 'numeric-user-id-sequence';

/** The ids `first` to `last` (inclusive) belong to whoever appended this event; nobody else ever hands them out. */
export interface IdBlockReserved {
  type: 'IdBlockReserved';
  data: { first: number; last: number };
}

/** Every id up to MAX_NUMERIC_USER_ID is reserved: no user can be created until an operator acts. */
export class NumericIdsExhaustedError extends Error {
  constructor() {
    super(`numeric user ids are exhausted: every id from ${MIN_NUMERIC_USER_ID} to ${MAX_NUMERIC_USER_ID} is reserved`);
    this.name = 'NumericIdsExhaustedError';
  }
}

export function isNumericUserId(value: unknown): value is number {
  return (
    Number.isInteger(value) && (value as number) >= MIN_NUMERIC_USER_ID && (value as number) <= MAX_NUMERIC_USER_ID
  );
}

/** The block after the last id reserved so far (0 before the first block): `size` ids, fewer at the end of the range. */
export function nextIdBlock(lastReserved: number, size: number): IdBlockReserved['data'] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`an id block holds at least one id, got ${size}`);
  if (!Number.isInteger(lastReserved) || lastReserved < 0 || lastReserved > MAX_NUMERIC_USER_ID) {
    throw new RangeError(`the last reserved id must be 0 or a numeric user id, got ${lastReserved}`);
  }
  if (lastReserved === MAX_NUMERIC_USER_ID) throw new NumericIdsExhaustedError();
  return { first: lastReserved + 1, last: Math.min(lastReserved + size, MAX_NUMERIC_USER_ID) };
}

/**
 * The last id reserved as of an event of the sequence stream. Anything but a well-formed block is refused
 * rather than read around: guessing past corrupt data could hand out an id twice.
 */
export function lastReservedBy(event: { type: string; data: Record<string, unknown> }): number {
  const { first, last } = event.data;
  if (event.type !== 'IdBlockReserved' || !isNumericUserId(first) || !isNumericUserId(last) || first > last) {
    throw new Error(
      `the numeric user id sequence holds a malformed event: ${JSON.stringify({ type: event.type, data: event.data })}`,
    );
  }
  return last;
}
