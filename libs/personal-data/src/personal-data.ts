/**
 * What erasure needs of personal-data protection. Abstract class so it doubles as the Nest DI token; the
 * implementation is the same object that encrypts and decrypts events (so its caches forget an erased key at once).
 */
export abstract class PersonalData {
  /**
   * Destroys the subject's key (a user's id): none of the events its personal data was written in can be read again,
   * by anyone, Roster included. Idempotent; resolves once the key is gone from every file the key store writes.
   */
  abstract erase(subject: string, at: Date): Promise<void>;

  /** Another process erased the subject: nothing this process cached of its key may be used again. */
  abstract forget(subject: string): void;
}

/**
 * Metadata flag of an event read after its subject was erased: its personal fields are replaced by empty values
 * (`userName` null, `profile` {}, …). Readers that serve events to others (the change feed, history) skip such events.
 */
export const PERSONAL_DATA_ERASED = 'personalDataErased';

export function isPersonalDataErased(event: { metadata: Record<string, unknown> }): boolean {
  return event.metadata[PERSONAL_DATA_ERASED] === true;
}
