import type { KeyRing } from './key-ring';
import type { KeyStore, StoredKey } from './key-store';
import { SubjectErasedError } from './key-store';
import { PersonalData } from './personal-data';

/** The subject of the key under which stream names are hashed: a key like a person's, but never erased. */
export const STREAM_NAMES_SUBJECT = 'roster:stream-names';

/** A subject's key, or null once the subject is erased. */
export type SubjectKey = Buffer | null;

/** Events name a subject whose key the key store does not hold: the wrong key store, or one restored without its keys. */
export class MissingKeyError extends Error {
  constructor(subject: string) {
    super(
      `the key store holds no key for subject ${subject}, whose events are in the log (is KEY_STORE the right one?)`,
    );
    this.name = 'MissingKeyError';
  }
}

export interface VaultOptions {
  /** Most unwrapped keys kept in memory (default 100,000: ~15 MB). */
  cacheSize?: number;
  /**
   * How long a process trusts a key it holds before asking the key store again (default 60 s): the longest another
   * process that has not seen the UserErased event may still read a just-erased user.
   */
  liveKeyTtlMs?: number;
}

/** What the key store kept of keys just created, and the plain keys among them this process made itself. */
interface CreatedKeys {
  stored: Map<string, StoredKey>;
  opened: Map<string, Buffer>;
}

interface CachedKey {
  key: SubjectKey;
  /** Erased keys never come back: cached for good. */
  expiresAt: number;
}

/**
 * The subjects' data keys: created on a subject's first write, unwrapped and cached for reads, destroyed on erasure.
 * The one object that encrypts (through EncryptingEventStore) and erases, so an erasure empties its cache at once.
 */
export class PersonalDataVault extends PersonalData {
  private readonly cache = new Map<string, CachedKey>();
  private readonly cacheSize: number;
  private readonly liveKeyTtlMs: number;

  constructor(
    private readonly keys: KeyStore,
    private readonly ring: KeyRing,
    options: VaultOptions = {},
  ) {
    super();
    this.cacheSize = options.cacheSize ?? 100_000;
    this.liveKeyTtlMs = options.liveKeyTtlMs ?? 60_000;
  }

  /** The keys to write the subjects' data with, created for subjects that have none; SubjectErasedError for an erased one. */
  async keysToWrite(subjects: readonly string[]): Promise<Map<string, Buffer>> {
    const found = await this.keysOf(subjects, async (unknown) => {
      const created = unknown.map((subject) => this.ring.newKey(subject));
      const stored = await this.keys.create(created.map(({ stored }) => stored));
      // A key this process made and the store kept needs no unwrapping; another writer's (it was first) does.
      const made = created.filter(({ stored: mine }) => {
        const kept = stored.get(mine.subject);
        return kept?.status === 'live' && kept.wrapped.equals(mine.wrapped);
      });
      return { stored, opened: new Map(made.map(({ key, stored: mine }) => [mine.subject, key])) };
    });
    const erased = [...found].filter(([, key]) => key === null).map(([subject]) => subject);
    if (erased.length > 0) throw new SubjectErasedError(erased);
    return found as Map<string, Buffer>;
  }

  /** The keys to read the subjects' data with; null for an erased subject. */
  keysToRead(subjects: readonly string[]): Promise<Map<string, SubjectKey>> {
    return this.keysOf(subjects, (unknown) => {
      throw new MissingKeyError(unknown[0] as string);
    });
  }

  override async erase(subject: string, at: Date): Promise<void> {
    await this.keys.destroy(subject, at);
    this.remember(subject, null);
  }

  /** Another process erased the subject (its UserErased went by): ask the key store next time. */
  override forget(subject: string): void {
    this.cache.delete(subject);
  }

  /** Re-wraps every live key wrapped under an older key-encryption key (a rotated secret); the number re-wrapped. */
  async rewrapAll(): Promise<number> {
    let rewrapped = 0;
    for (let after: string | null = null; ;) {
      const page = await this.keys.live(after, 500);
      const stale = page.filter((key) => key.kekId !== this.ring.currentKekId);
      // Together: the key store commits a page of re-wrappings at once.
      await Promise.all(
        stale.map((key) =>
          this.keys.rewrap({
            subject: key.subject,
            ...this.ring.wrap(key.subject, this.ring.unwrap(key.subject, key)),
          }),
        ),
      );
      rewrapped += stale.length;
      if (page.length < 500) return rewrapped;
      after = (page.at(-1) as { subject: string }).subject;
    }
  }

  close(): Promise<void> {
    return this.keys.close();
  }

  private async keysOf(
    subjects: readonly string[],
    whenUnknown: (unknown: string[]) => Promise<CreatedKeys>,
  ): Promise<Map<string, SubjectKey>> {
    const now = Date.now();
    const result = new Map<string, SubjectKey>();
    const missing: string[] = [];
    for (const subject of new Set(subjects)) {
      const cached = this.cache.get(subject);
      if (cached && cached.expiresAt > now) result.set(subject, cached.key);
      else missing.push(subject);
    }
    if (missing.length === 0) return result;
    const stored = await this.keys.find(missing);
    const unknown = missing.filter((subject) => !stored.has(subject));
    const created = unknown.length > 0 ? await whenUnknown(unknown) : { stored: new Map(), opened: new Map() };
    for (const [subject, key] of created.stored) stored.set(subject, key);
    for (const subject of missing) {
      const key = created.opened.get(subject) ?? this.open(subject, stored.get(subject) as StoredKey);
      this.remember(subject, key);
      result.set(subject, key);
    }
    return result;
  }

  private open(subject: string, stored: StoredKey): SubjectKey {
    return stored.status === 'erased' ? null : this.ring.unwrap(subject, stored);
  }

  private remember(subject: string, key: SubjectKey): void {
    this.cache.delete(subject);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(subject, { key, expiresAt: key === null ? Infinity : Date.now() + this.liveKeyTtlMs });
  }
}
