import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, isUserStream } from '@roster/domain';
import type { EventStore } from '@roster/event-store';
import { WrongExpectedRevisionError } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import { FixedClock } from '../testing/fixed-clock';
import { CreateUserCommand } from './create-user/create-user.command';
import { CreateUserHandler } from './create-user/create-user.handler';
import { Reservations } from './reservations';
import { UpdateUserCommand } from './update-user/update-user.command';
import { UpdateUserHandler } from './update-user/update-user.handler';
import { NumericIds } from './numeric-ids';
import { UserStreams } from './user-streams';

const TENANT = 'default';

/** A deterministic pseudo-random sequence, so a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const adapters: [string, () => { store: EventStore; cleanup(): void }][] = [
  ['in-memory', () => ({ store: new InMemoryEventStore(), cleanup: () => undefined })],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-hierarchy-'));
      const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
      return { store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

describe.each(adapters)('write-side invariants under concurrency (%s event store)', (_name, open) => {
  let store: EventStore;
  let cleanup: () => void;
  let create: CreateUserHandler;
  let update: UpdateUserHandler;

  beforeEach(() => {
    ({ store, cleanup } = open());
    const streams = new UserStreams(store);
    create = new CreateUserHandler(
      streams,
      new FixedClock(),
      new Reservations(store, streams),
      new NumericIds(store),
      new IdempotentRequests(store, new FixedClock()),
    );
    update = new UpdateUserHandler(
      streams,
      new FixedClock(),
      new Reservations(store, streams),
      new IdempotentRequests(store, new FixedClock()),
    );
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  const newUser = (userName: string | null = null) =>
    create.execute(
      new CreateUserCommand(TENANT, {
        userType: 'CITIZEN',
        userName,
        profile: { firstName: 'F', lastName: 'L' },
        parentId: null,
      }),
    );

  async function parentsInStore(): Promise<Map<string, string | null>> {
    const parents = new Map<string, string | null>();
    for (const event of await store.readAll(null, 1_000_000)) {
      if (!isUserStream(event.stream)) continue;
      const userId = event.stream.slice('user-'.length);
      if (event.type === 'UserCreated') parents.set(userId, null);
      if (event.type === 'ParentLinked') parents.set(userId, event.data.parentId as string);
      if (event.type === 'ParentUnlinked') parents.set(userId, null);
    }
    return parents;
  }

  it('random concurrent re-parenting never creates a cycle: the graph stays a forest', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push((await newUser()).value.id);
    const next = random(42);
    const pick = () => ids[Math.floor(next() * ids.length)];

    for (let round = 0; round < 10; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, () => {
          const parentId = next() < 0.15 ? null : pick();
          return update.execute(new UpdateUserCommand(TENANT, pick(), {}, parentId));
        }),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        const error = outcome.reason;
        const expected =
          (error instanceof DomainError && ['parent_cycle', 'self_parent'].includes(error.code)) ||
          error instanceof WrongExpectedRevisionError;
        expect({ expected, error: String(error) }).toEqual({ expected: true, error: String(error) });
      }
    }

    const parents = await parentsInStore();
    expect(parents.size).toBe(ids.length);
    for (const start of ids) {
      const seen = new Set<string>();
      for (let id: string | null = start; id !== null; id = parents.get(id) ?? null) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
    }
    const linked = [...parents.values()].filter((parent) => parent !== null);
    expect(linked.length).toBeGreaterThan(0);
  });

  it('two users re-parented under each other at the same moment: one wins, the other is refused', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const a = (await newUser()).value.id;
      const b = (await newUser()).value.id;
      const outcomes = await Promise.allSettled([
        update.execute(new UpdateUserCommand(TENANT, a, {}, b)),
        update.execute(new UpdateUserCommand(TENANT, b, {}, a)),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const parents = await parentsInStore();
      expect(parents.get(a) === b && parents.get(b) === a).toBe(false);
    }
  });

  it('concurrent creates with one userName: exactly one succeeds', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => newUser(n % 2 ? 'Same.Name' : 'same.name')),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'user_name_taken', field: 'userName' });
    }
    expect([...(await parentsInStore()).keys()]).toHaveLength(1);
  });
});
