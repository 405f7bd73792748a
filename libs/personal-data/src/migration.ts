import type { EventStore, Position, RecordedEvent } from '@roster/event-store';
import { isRewritable, WrongExpectedRevisionError } from '@roster/event-store';
import type { EncryptingEventStore } from './encrypting-event-store';

/** Where the migration to encrypted personal data records how far it got, and that it is done. */
export const MIGRATION_STREAM = 'personal-data-migration';

interface PersonalDataMigrated {
  type: 'PersonalDataMigrated';
  data: {
    /** Every event up to this position (inclusive) is encrypted; null: the log was empty. */
    through: string | null;
    /** Events rewritten by this step. */
    rewritten: number;
    /** True on the last step: the whole log (as it stood when the migration began) is encrypted. */
    completed: boolean;
    at: string;
  };
}

export interface MigrationReport {
  /** Events rewritten by this run (0 when the store was already encrypted). */
  rewritten: number;
  /** The run picked up where an interrupted one stopped. */
  resumed: boolean;
}

const BATCH = 1_000;

/**
 * Encrypts, in place, the personal data of a log written by a Roster from before it encrypted personal data: every
 * event's personal fields sealed and every personal stream name hashed, as `EncryptingEventStore` writes them.
 * Runs at start-up, before anything reads or writes, and records its progress after each batch in MIGRATION_STREAM,
 * so an interrupted run resumes where it stopped; a store it has completed costs one stream read per start.
 * Only adapters that can rewrite events in place (SQLite, in-memory) are migrated; docs/data-protection.md says what
 * a KurrentDB log written before encryption needs.
 */
export async function migrateToEncrypted(
  raw: EventStore,
  encrypting: EncryptingEventStore,
  log: (line: string) => void = () => undefined,
): Promise<MigrationReport> {
  for (;;) {
    try {
      return await migrateOnce(raw, encrypting, log);
    } catch (error) {
      // Another process sharing the store (a split deployment starting) recorded a step first: go on from its.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

async function migrateOnce(
  raw: EventStore,
  encrypting: EncryptingEventStore,
  log: (line: string) => void,
): Promise<MigrationReport> {
  const steps = await raw.readStream<PersonalDataMigrated>(MIGRATION_STREAM);
  const last = steps.at(-1);
  if (last?.data.completed) return { rewritten: 0, resumed: false };
  const head = await raw.headPosition();
  if (head === null) {
    await record(raw, null, 0, true, -1);
    return { rewritten: 0, resumed: false };
  }
  if (!isRewritable(raw)) {
    throw new Error(
      'this event store holds events written before Roster encrypted personal data, and its adapter cannot rewrite ' +
        'them in place: export the users with the previous release and import them (docs/data-protection.md)',
    );
  }
  let after: Position | null = last?.data.through ? BigInt(last.data.through) : null;
  let revision = steps.length - 1;
  let rewritten = 0;
  log(
    `personal data: encrypting the events written before encryption${after === null ? '' : `, resuming after ${after}`}`,
  );
  for (;;) {
    const events: RecordedEvent[] = (await raw.readAll(after, BATCH)).filter(
      (event) => event.position <= head && event.stream !== MIGRATION_STREAM,
    );
    if (events.length === 0) break;
    const rewrites = await encrypting.rewritesOf(events);
    await raw.rewrite(rewrites);
    rewritten += rewrites.length;
    after = (events.at(-1) as RecordedEvent).position;
    revision = await record(raw, after, rewrites.length, false, revision);
    if (after >= head) break;
  }
  await raw.compact();
  await record(raw, after, 0, true, revision);
  log(`personal data: ${rewritten} events encrypted`);
  return { rewritten, resumed: last !== undefined };
}

async function record(
  raw: EventStore,
  through: Position | null,
  rewritten: number,
  completed: boolean,
  revision: number,
): Promise<number> {
  const event: PersonalDataMigrated = {
    type: 'PersonalDataMigrated',
    data: { through: through === null ? null : through.toString(), rewritten, completed, at: new Date().toISOString() },
  };
  const result = await raw.append(MIGRATION_STREAM, [event], revision === -1 ? 'no_stream' : revision);
  return result.revisions[MIGRATION_STREAM] as number;
}
