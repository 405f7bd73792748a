import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { loadConfig } from '@roster/config';
import type { UserType } from '@roster/domain';
import { DomainError } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { FixedClock } from '../testing/fixed-clock';
import { CreateUserCommand } from './create-user/create-user.command';
import { CreateUserHandler } from './create-user/create-user.handler';
import { Reservations } from './reservations';
import { UpdateUserCommand } from './update-user/update-user.command';
import { UpdateUserHandler } from './update-user/update-user.handler';
import { NumericIds } from './numeric-ids';
import { UserStreams } from './user-streams';

describe('a citizen mobile number is unique per tenant on the nCore face too', () => {
  let store: InMemoryEventStore;
  let create: CreateUserHandler;
  let update: UpdateUserHandler;

  beforeEach(() => {
    store = new InMemoryEventStore();
    const streams = new UserStreams(store);
    const reader = new Reservations(store, streams);
    create = new CreateUserHandler(
      streams,
      new FixedClock(),
      reader,
      new NumericIds(store),
      new IdempotentRequests(store, new FixedClock()),
    );
    update = new UpdateUserHandler(streams, new FixedClock(), reader, new IdempotentRequests(store, new FixedClock()));
  });

  const newUser = (mobile: string, userType: UserType = 'CITIZEN', tenantId = 'default') =>
    create.execute(
      new CreateUserCommand(tenantId, {
        userType,
        userName: null,
        profile: { firstName: 'F', lastName: 'L', mobile },
        parentId: null,
      }),
    );

  async function rejection(work: Promise<unknown>): Promise<DomainError> {
    const error = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('refuses a second citizen with the same number and writes nothing', async () => {
    await newUser('+919876543210');
    const head = await store.headPosition();
    expect(await rejection(newUser('+919876543210'))).toMatchObject({
      code: 'mobile_number_taken',
      field: 'mobileNumber',
    });
    expect(await store.headPosition()).toEqual(head);
  });

  it('leaves other user types and other tenants free to share a number', async () => {
    await newUser('+919876543210');
    await expect(newUser('+919876543210', 'EMPLOYEE')).resolves.toBeDefined();
    await expect(newUser('+919876543210', 'CITIZEN', 'other')).resolves.toBeDefined();
  });

  it('moves the reservation when a citizen changes its number', async () => {
    const first = await newUser('+911111111111');
    await update.execute(new UpdateUserCommand('default', first.value.id, { mobile: '+912222222222' }, undefined));
    await expect(newUser('+911111111111')).resolves.toBeDefined();
    expect(await rejection(newUser('+912222222222'))).toMatchObject({ code: 'mobile_number_taken' });
  });

  it('refuses changing to a number another citizen holds', async () => {
    await newUser('+911111111111');
    const second = await newUser('+912222222222');
    const error = await rejection(
      update.execute(new UpdateUserCommand('default', second.value.id, { mobile: '+911111111111' }, undefined)),
    );
    expect(error.code).toBe('mobile_number_taken');
  });
});

describe('ROSTER_MOBILE_NUMBER_UNIQUENESS=sign-in: only the numbers citizens sign in with are unique (egov-user)', () => {
  let store: InMemoryEventStore;
  let create: CreateUserHandler;
  let update: UpdateUserHandler;

  beforeEach(() => {
    store = new InMemoryEventStore();
    const streams = new UserStreams(store);
    const reader = new Reservations(store, streams, loadConfig({ ROSTER_MOBILE_NUMBER_UNIQUENESS: 'sign-in' }));
    create = new CreateUserHandler(
      streams,
      new FixedClock(),
      reader,
      new NumericIds(store),
      new IdempotentRequests(store, new FixedClock()),
    );
    update = new UpdateUserHandler(streams, new FixedClock(), reader, new IdempotentRequests(store, new FixedClock()));
  });

  const citizen = (mobile: string, userName: string | null) =>
    create.execute(
      new CreateUserCommand('default', {
        userType: 'CITIZEN',
        userName,
        profile: { firstName: 'F', lastName: 'L', mobile },
        parentId: null,
      }),
    );

  it('a citizen known by the number (as userName, or without one) holds it; one with another userName shares it', async () => {
    await citizen('9876543210', '9876543210');
    await expect(citizen('9876543210', null)).rejects.toMatchObject({ code: 'mobile_number_taken' });
    await expect(citizen('9876543210', '6f1c3a52-owner')).resolves.toBeDefined();
    await expect(citizen('9876543210', '0b9d4e11-owner')).resolves.toBeDefined();
  });

  it('a citizen with another userName moving to a held number does not take it, and frees nothing it never held', async () => {
    await citizen('9000000001', null);
    const owner = await citizen('9000000002', 'owner-uuid');
    await expect(
      update.execute(new UpdateUserCommand('default', owner.value.id, { mobile: '9000000001' }, undefined)),
    ).resolves.toBeDefined();
    await expect(citizen('9000000001', null)).rejects.toMatchObject({ code: 'mobile_number_taken' });
    await expect(citizen('9000000002', null)).resolves.toBeDefined();
  });
});
