/** What a command answers: its result and where its last event landed (the consistency token). */
export interface Written<T> {
  value: T;
  /** Global position of the last event, as a decimal string (bigint-safe on any transport). */
  position: string;
  /** The user stream's revision after the command (the ETag). */
  revision: number;
}

/**
 * A write's Idempotency-Key as the gateway saw it: the key, who sent it (an API key's id, an egov user's id), and
 * a fingerprint of the whole request, so the same key with another request is told apart.
 */
export interface IdempotencyKey {
  key: string;
  caller: string;
  fingerprint: string;
}

/** What an erasure answers: no record (nothing of the user is left to show), only where its UserErased landed. */
export interface Erasure {
  /** Global position where the erasure's append ended (the consistency token): a query with it no longer finds the user. */
  position: string;
  /** The user stream's revision after the erasure. */
  revision: number;
}
