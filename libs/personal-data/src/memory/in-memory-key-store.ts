import { EventStoreUnavailableError } from '@roster/event-store';
import type { NewKey, StoredKey } from '../key-store';
import { KeyStore, SubjectErasedError } from '../key-store';

/**
 * The key store of an in-memory deployment (EVENT_STORE=memory) and of tests: keys live as long as the process,
 * like the events they open. Buffers are copied in and out, so a caller that wipes a key it was given after use
 * cannot wipe the stored one.
 */
export class InMemoryKeyStore extends KeyStore {
  private readonly keys = new Map<string, StoredKey>();
  private closed = false;

  override async find(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    this.assertOpen();
    return this.storedFor(subjects);
  }

  override async create(keys: readonly NewKey[]): Promise<Map<string, StoredKey>> {
    this.assertOpen();
    const erased = keys
      .filter(({ subject }) => this.keys.get(subject)?.status === 'erased')
      .map(({ subject }) => subject);
    if (erased.length > 0) throw new SubjectErasedError([...new Set(erased)]);
    for (const { subject, wrapped, kekId } of keys) {
      if (!this.keys.has(subject)) this.keys.set(subject, { status: 'live', wrapped: Buffer.from(wrapped), kekId });
    }
    return this.storedFor(keys.map(({ subject }) => subject));
  }

  override async destroy(subject: string, at: Date): Promise<void> {
    this.assertOpen();
    // The first erasure's time stays: erasing again changes nothing.
    if (this.keys.get(subject)?.status === 'erased') return;
    this.keys.set(subject, { status: 'erased', erasedAt: new Date(at) });
  }

  override async live(after: string | null, limit: number): Promise<NewKey[]> {
    this.assertOpen();
    if (limit <= 0) return [];
    const page: NewKey[] = [];
    for (const [subject, stored] of this.keys) {
      if (stored.status === 'live' && (after === null || compareSubjects(subject, after) > 0)) {
        page.push({ subject, wrapped: Buffer.from(stored.wrapped), kekId: stored.kekId });
      }
    }
    return page.sort((a, b) => compareSubjects(a.subject, b.subject)).slice(0, limit);
  }

  override async rewrap({ subject, wrapped, kekId }: NewKey): Promise<void> {
    this.assertOpen();
    if (this.keys.get(subject)?.status !== 'live') return;
    this.keys.set(subject, { status: 'live', wrapped: Buffer.from(wrapped), kekId });
  }

  override async close(): Promise<void> {
    this.closed = true;
  }

  private storedFor(subjects: readonly string[]): Map<string, StoredKey> {
    const found = new Map<string, StoredKey>();
    for (const subject of subjects) {
      const stored = this.keys.get(subject);
      if (stored !== undefined) found.set(subject, copyOf(stored));
    }
    return found;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('in-memory key store is closed');
  }
}

function copyOf(stored: StoredKey): StoredKey {
  return stored.status === 'live'
    ? { status: 'live', wrapped: Buffer.from(stored.wrapped), kekId: stored.kekId }
    : { status: 'erased', erasedAt: new Date(stored.erasedAt) };
}

/** The order SQLite (BINARY collation) and MongoDB give subjects: by UTF-8 bytes, not by UTF-16 code units. */
function compareSubjects(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
