import { hkdfSync } from 'node:crypto';
import type {
  AppendResult,
  BatchHandler,
  EventRewrite,
  NewEvent,
  Position,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@roster/event-store';
import { EventStore } from '@roster/event-store';
import { keyedHash, seal, unseal } from './key-ring';
import { PERSONAL_DATA_ERASED } from './personal-data';
import type { PersonalDataPolicy } from './personal-data-policy';
import type { PersonalDataVault, SubjectKey } from './personal-data-vault';
import { STREAM_NAMES_SUBJECT } from './personal-data-vault';

/** The data field that holds an event's personal fields, encrypted. */
export const ENVELOPE_FIELD = '$personal';

/** What an encrypted event keeps of its personal fields: whose keys, which fields, and the sealed JSON of their values. */
export interface Envelope {
  /** The subjects whose keys encrypt it, in order. */
  s: string[];
  /** The names of the encrypted fields (names only: what they held is in `c`). */
  f: string[];
  /** base64 of AES-256-GCM(nonce ‖ JSON of the fields ‖ tag), bound to the event type. */
  c: string;
}

/** Most stream names whose hash is remembered (a few MB); the cache starts afresh when full. */
const STORED_NAMES_CACHED = 10_000;

/** A stream name whose personal remainder is already a keyed hash: `<prefix>#<43 base64url characters>`. */
const HASHED_NAME = /^#[A-Za-z0-9_-]{43}$/;

/**
 * The event-store port with personal data encrypted at rest, around any adapter: what callers append and read is
 * plain, what the adapter keeps is not.
 *
 * - Each event's personal fields (PersonalDataPolicy) are sealed with AES-256-GCM under the key of the people it is
 *   about, in one `$personal` field; the rest of the event stays readable, so the log can still be folded once a
 *   person's key is destroyed.
 * - An event whose subject was erased reads with its personal fields emptied and `metadata.personalDataErased`.
 * - Stream names that end in a personal value (`username-…`, `mobile-…`, `otp-…`) are kept as a keyed hash of it, so
 *   uniqueness checks still find their stream. `readStream` names the stream as it was asked for; `readAll` and
 *   subscriptions name such a stream by its hash, which cannot be turned back (their readers follow user streams).
 */
export class EncryptingEventStore extends EventStore {
  private streamNameKey: Promise<Buffer> | undefined;
  private readonly storedNames = new Map<string, string>();

  constructor(
    private readonly inner: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly policy: PersonalDataPolicy,
  ) {
    super();
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const subjects = appends.flatMap(({ stream, events }) => this.subjectsToSeal(stream, events));
    const keys = subjects.length > 0 ? await this.vault.keysToWrite(subjects) : new Map<string, Buffer>();
    const stored = await Promise.all(
      appends.map(async (append) => ({
        ...append,
        stream: await this.storedName(append.stream),
        events: append.events.map((event) => this.sealed(append.stream, event, keys)),
      })),
    );
    const result = await this.inner.appendMany(stored);
    const revisions: Record<string, number> = {};
    appends.forEach(({ stream }, i) => (revisions[stream] = result.revisions[stored[i]?.stream as string] as number));
    return { position: result.position, revisions };
  }

  protected async readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(await this.storedName(stream), fromRevision);
    return (await this.opened(events)).map((event) => ({ ...event, stream }));
  }

  async readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(after, limit));
  }

  headPosition(): Promise<Position | null> {
    return this.inner.headPosition();
  }

  subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(after, async (events) => handler(await this.opened(events)), options);
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.vault.close();
  }

  /**
   * How events the adapter holds must be rewritten so that they read as this store writes them: personal fields
   * sealed, stream names hashed (a log written before Roster encrypted personal data). Events already so: none.
   */
  async rewritesOf(events: RecordedEvent[]): Promise<EventRewrite[]> {
    const keys = await this.vault.keysToWrite(
      events.flatMap(({ stream, data }) => this.subjectsToSeal(stream, [{ type: '', data }])),
    );
    const rewrites: EventRewrite[] = [];
    for (const event of events) {
      const stream = await this.storedName(event.stream);
      const { data } = this.sealed(event.stream, event, keys);
      if (stream !== event.stream || data !== event.data) rewrites.push({ position: event.position, stream, data });
    }
    return rewrites;
  }

  /** The name the adapter keeps a stream under: its personal remainder replaced by a keyed hash. */
  async storedName(stream: string): Promise<string> {
    const prefix = this.policy.hashedStreamPrefixes.find((candidate) => stream.startsWith(candidate));
    if (prefix === undefined) return stream;
    const remainder = stream.slice(prefix.length);
    if (HASHED_NAME.test(remainder)) return stream;
    // A reservation is read, then appended to: one hash for both.
    const known = this.storedNames.get(stream);
    if (known !== undefined) return known;
    const stored = `${prefix}#${keyedHash(await this.nameKey(), remainder)}`;
    if (this.storedNames.size >= STORED_NAMES_CACHED) this.storedNames.clear();
    this.storedNames.set(stream, stored);
    return stored;
  }

  /** The event as the adapter keeps it: its personal fields sealed into the envelope (unchanged when it has none). */
  sealed(stream: string, event: NewEvent, keys: Map<string, Buffer>): NewEvent {
    const data = event.data as Record<string, unknown>;
    const fields = this.fieldsToSeal(stream, data);
    if (fields.length === 0) return event;
    const subjects = this.policy.subjectsOf(stream, data);
    const personal: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(data)) (fields.includes(name) ? personal : rest)[name] = value;
    const key = eventKey(subjects.map((subject) => keys.get(subject) as Buffer));
    const envelope: Envelope = {
      s: subjects,
      f: fields,
      c: seal(key, Buffer.from(JSON.stringify(personal), 'utf8'), event.type).toString('base64'),
    };
    return { ...event, data: { ...rest, [ENVELOPE_FIELD]: envelope } };
  }

  /** Events as the adapter read them, opened: plain personal fields, or emptied ones for an erased subject. */
  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    // Another process erased these subjects: this one must not go on reading them with a key it still holds.
    for (const event of events) {
      const erased = this.policy.erasedSubjectOf(event.stream, event);
      if (erased !== null) this.vault.forget(erased);
    }
    const subjects = events.flatMap((event) => envelopeOf(event)?.s ?? []);
    if (subjects.length === 0) return events;
    const keys = await this.vault.keysToRead(subjects);
    return events.map((event) => {
      const envelope = envelopeOf(event);
      return envelope === null ? event : this.open(event, envelope, keys);
    });
  }

  private open(event: RecordedEvent, envelope: Envelope, keys: Map<string, SubjectKey>): RecordedEvent {
    const { [ENVELOPE_FIELD]: _sealed, ...rest } = event.data;
    const subjectKeys = envelope.s.map((subject) => keys.get(subject) ?? null);
    if (subjectKeys.includes(null)) {
      const emptied = Object.fromEntries(
        envelope.f.map((field) => [field, this.policy.personalFieldsOf(event.stream)?.[field] ?? null]),
      );
      return { ...event, data: { ...rest, ...emptied }, metadata: { ...event.metadata, [PERSONAL_DATA_ERASED]: true } };
    }
    const plain = unseal(eventKey(subjectKeys as Buffer[]), Buffer.from(envelope.c, 'base64'), event.type);
    return { ...event, data: { ...rest, ...(JSON.parse(plain.toString('utf8')) as Record<string, unknown>) } };
  }

  private subjectsToSeal(stream: string, events: NewEvent[]): string[] {
    return events.flatMap((event) => {
      const data = event.data as Record<string, unknown>;
      return this.fieldsToSeal(stream, data).length > 0 ? this.policy.subjectsOf(stream, data) : [];
    });
  }

  private fieldsToSeal(stream: string, data: Record<string, unknown>): string[] {
    const personal = this.policy.personalFieldsOf(stream);
    if (personal === null || ENVELOPE_FIELD in data) return [];
    return Object.keys(personal).filter((field) => data[field] !== undefined);
  }

  private nameKey(): Promise<Buffer> {
    this.streamNameKey ??= this.vault.keysToWrite([STREAM_NAMES_SUBJECT]).then(
      (keys) => keys.get(STREAM_NAMES_SUBJECT) as Buffer,
      (error: unknown) => {
        // The key store was unavailable: the next call asks again instead of failing for good.
        this.streamNameKey = undefined;
        throw error;
      },
    );
    return this.streamNameKey;
  }
}

function envelopeOf(event: { data: Record<string, unknown> }): Envelope | null {
  const envelope = event.data[ENVELOPE_FIELD];
  return typeof envelope === 'object' && envelope !== null ? (envelope as Envelope) : null;
}

/** One subject's key as it is; data about several people needs every one of their keys (any erasure closes it). */
function eventKey(keys: Buffer[]): Buffer {
  if (keys.length === 1) return keys[0] as Buffer;
  return Buffer.from(
    hkdfSync('sha256', Buffer.concat(keys), 'roster', 'roster personal data of several subjects v1', 32),
  );
}
