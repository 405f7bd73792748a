import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { FixedClock } from '../../testing/fixed-clock';
import { NumericIds } from '../numeric-ids';
import { UserStreams } from '../user-streams';
import { CreateUserCommand } from './create-user.command';
import { CreateUserHandler } from './create-user.handler';
import { Reservations } from '../reservations';

describe('nCore create: numeric ids', () => {
  let store: InMemoryEventStore;
  let create: CreateUserHandler;

  // Blocks of one id: every create reserves a block, so whatever a refused create would reserve shows in the log.
  beforeEach(() => {
    store = new InMemoryEventStore();
    const streams = new UserStreams(store);
    create = new CreateUserHandler(
      streams,
      new FixedClock(),
      new Reservations(store, streams),
      new NumericIds(store, 1),
      new IdempotentRequests(store, new FixedClock()),
    );
  });
  afterEach(() => store.close());

  const newUser = (fields: { userName?: string; parentId?: string } = {}) =>
    create.execute(
      new CreateUserCommand('default', {
        userType: 'CITIZEN',
        userName: fields.userName ?? null,
        profile: { firstName: 'F', lastName: 'L' },
        parentId: fields.parentId ?? null,
      }),
    );
  const logLength = async () => (await store.readAll(null, 10_000)).length;

  it('gives every user a numeric id of its own, beside its uuid', async () => {
    const first = await newUser();
    const second = await newUser({ parentId: first.value.id });

    expect([first.value.numericId, second.value.numericId]).toEqual([1, 2]);
    expect(second.value.id).not.toBe(String(second.value.numericId));
  });

  it('takes no id for a refused create: nothing is written, not even a block of ids', async () => {
    await newUser({ userName: 'ada' });
    const before = await logLength();

    await expect(newUser({ parentId: randomUUID() })).rejects.toMatchObject({ code: 'parent_not_found' });
    await expect(newUser({ userName: 'ADA' })).rejects.toMatchObject({ code: 'user_name_taken' });

    expect(await logLength()).toBe(before);
    expect((await newUser()).value.numericId).toBe(2);
  });
});
