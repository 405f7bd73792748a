import { DomainError } from '@roster/domain';

/**
 * A subject's data key as the key store keeps it: wrapped (encrypted) under a key-encryption key derived from the
 * server secret, never in the clear. `kekId` names which key-encryption key wrapped it (rotation, docs/data-protection.md).
 */
export interface WrappedKey {
  wrapped: Buffer;
  kekId: string;
}

/** What the key store knows of a subject: its live key, or that it was erased (its key destroyed) and when. */
export type StoredKey = ({ status: 'live' } & WrappedKey) | { status: 'erased'; erasedAt: Date };

/** A key being created for a subject that has none: the store keeps it unless another writer's key won the race. */
export interface NewKey extends WrappedKey {
  subject: string;
}

/**
 * Asked to create a key for a subject whose key was destroyed: an erased subject never gets data again. A domain
 * refusal (410 Gone at the edges): a write decided on a user just before another request erased it ends here.
 */
export class SubjectErasedError extends DomainError {
  constructor(readonly subjects: string[]) {
    super('user_erased', `personal data of erased user(s) cannot be written: ${subjects.join(', ')}`, 'id');
    this.name = 'SubjectErasedError';
  }
}

/**
 * Port of the key store: one data key per subject (a user, or another owner of personal data), kept outside the
 * immutable event log, where destroying it really removes it. Abstract class so it doubles as the Nest DI token.
 * Adapters: in-memory (tests, EVENT_STORE=memory), SQLite (`<DATA_DIR>/keys.sqlite`, secure_delete), MongoDB.
 */
export abstract class KeyStore {
  /** What the store holds for each subject asked about; a subject it knows nothing of is absent from the map. */
  abstract find(subjects: readonly string[]): Promise<Map<string, StoredKey>>;

  /**
   * Keeps each new key unless its subject already has one (another writer was first: the stored key wins), durably
   * before resolving, and answers what is stored for every subject afterwards. Refuses with SubjectErasedError,
   * creating nothing, when any subject was erased.
   */
  abstract create(keys: readonly NewKey[]): Promise<Map<string, StoredKey>>;

  /**
   * Destroys the subject's key and remembers that it was erased; idempotent. Resolves only once no byte of the key
   * remains in any file the store writes (deleted with the storage's secure delete, journals checkpointed).
   */
  abstract destroy(subject: string, at: Date): Promise<void>;

  /** Up to `limit` live keys of subjects ordered after `after` (null: from the first), for re-wrapping (rotation). */
  abstract live(after: string | null, limit: number): Promise<NewKey[]>;

  /** Replaces a live key's wrapping (the same key wrapped under another key-encryption key); ignored for an erased subject. */
  abstract rewrap(key: NewKey): Promise<void>;

  abstract close(): Promise<void>;
}
