import type { ExistingUser } from '@roster/domain';
import type { EgovUserInput } from '@roster/user-service-contract';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovCreateUsersCommand } from './create-users.command';
import { EgovCreateUsersHandler } from './create-users.handler';

describe('egov bulk create (_createnovalidate)', () => {
  let fx: EgovFixture;
  let create: EgovCreateUsersHandler;
  let hr: ExistingUser;

  beforeEach(async () => {
    fx = egovFixture();
    create = new EgovCreateUsersHandler(fx.passwords, fx.presenter, fx.creation, fx.roles, fx.config, fx.idempotency);
    hr = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'hr',
      roles: [{ code: 'HR', tenantId: 'pb.amritsar' }],
    });
  });
  afterEach(() => fx.store.close());

  const employee = (userName: string, extra: Partial<EgovUserInput> = {}): EgovUserInput => ({
    type: 'EMPLOYEE',
    tenantId: 'pb.amritsar',
    userName,
    name: `Emp ${userName}`,
    roles: [{ code: 'EMPLOYEE' }],
    ...extra,
  });
  const run = (inputs: EgovUserInput[], by: ExistingUser = hr) =>
    create.execute(new EgovCreateUsersCommand(fx.callerOf(by), inputs));
  const eventCount = async () => (await fx.store.readAll(null, 10_000)).length;

  it('creates every user of the batch with roles from the catalogue, hashed passwords and the creator', async () => {
    const created = await run([
      employee('e1', { password: 'Secret#123' }),
      employee('e2', { roles: [{ code: 'EMPLOYEE', tenantId: 'pb.jalandhar' }] }),
    ]);
    expect(created).toMatchObject([
      {
        userName: 'e1',
        type: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
        roles: [{ code: 'EMPLOYEE', name: 'Employee', tenantId: 'pb.amritsar' }],
        createdBy: hr.id,
      },
      { userName: 'e2', roles: [{ code: 'EMPLOYEE', tenantId: 'pb.jalandhar' }], passwordExpiresAt: null },
    ]);
    expect(created[0].passwordExpiresAt).not.toBeNull();
    expect(JSON.stringify(created)).not.toContain('Secret#123');
    expect((await fx.lookup.find(created[0].uuid))!.state.passwordHash).toMatch(/^fake\$/);
  });

  it('records the answer of a keyed batch as about every user it created', async () => {
    const key = { key: 'k-1', caller: `user:${hr.id}`, fingerprint: 'f1' };
    const created = await create.execute(
      new EgovCreateUsersCommand(fx.callerOf(hr), [employee('e1'), employee('e2')], key),
    );
    const recorded = (await fx.store.readAll(null, 10_000)).filter(({ type }) => type === 'IdempotentAnswerRecorded');
    expect(recorded.map(({ data }) => data.subjects)).toEqual([created.map((user) => user.uuid)]);
  });

  it("gives every user of the batch its own numeric id, and answers the creator's", async () => {
    const created = await run([employee('e1'), employee('e2'), employee('e3')]);
    expect(created.map((user) => user.numericId)).toEqual([hr.numericId! + 1, hr.numericId! + 2, hr.numericId! + 3]);
    expect(created.map((user) => [user.createdByNumericId, user.lastModifiedByNumericId])).toEqual(
      Array(3).fill([hr.numericId, hr.numericId]),
    );
  });

  it('takes numeric ids only for a batch that passed its checks: a refused one reserves no block of ids either', async () => {
    await fx.store.close();
    fx = egovFixture({ numericIdBlockSize: 1 });
    create = new EgovCreateUsersHandler(fx.passwords, fx.presenter, fx.creation, fx.roles, fx.config, fx.idempotency);
    hr = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'hr',
      roles: [{ code: 'HR', tenantId: 'pb.amritsar' }],
    });
    const before = await eventCount();

    await expect(run([employee('e1'), employee('hr')])).rejects.toMatchObject({ code: 'user_name_taken' });
    expect(await eventCount()).toBe(before);
    expect((await run([employee('e1')]))[0].numericId).toBe(hr.numericId! + 1);
  });

  it.each<[string, (inputs: EgovUserInput[]) => EgovUserInput[], object]>([
    [
      'a role missing from the catalogue',
      (batch) => [...batch, employee('e3', { roles: [{ code: 'NOPE' }] })],
      { code: 'INVALID_ROLE', field: 'roles' },
    ],
    [
      'a weak password',
      (batch) => [...batch, employee('e3', { password: 'weakweak' })],
      { code: 'INVALID_PWD_PATTERN' },
    ],
    ['a missing name', (batch) => [...batch, employee('e3', { name: undefined })], { field: 'name' }],
    ['a userName twice in the batch', (batch) => [...batch, employee('E1')], { code: 'user_name_taken' }],
    ['a userName already taken', (batch) => [...batch, employee('hr')], { code: 'user_name_taken' }],
    [
      'a type the caller may not create',
      (batch) => [...batch, employee('s1', { type: 'SYSTEM' })],
      { kind: 'forbidden' },
    ],
    [
      'a tenant of another family',
      (batch) => [...batch, employee('e3', { tenantId: 'hr.gurgaon' })],
      { kind: 'forbidden' },
    ],
  ])('one bad entry (%s) writes nothing', async (_case, batchOf, rejection) => {
    const before = await eventCount();
    const error = await run(batchOf([employee('e1'), employee('e2')])).catch((caught: unknown) => caught);
    expect(error).toMatchObject(rejection);
    expect((error as Error).message).toMatch(/^users\[2\]: /);
    expect(await eventCount()).toBe(before);
  });

  it('citizens: userName defaults to the mobile number, the tenant collapses, and a mobile number is unique per tenant (also within the batch)', async () => {
    const csr = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'csr',
      roles: [{ code: 'CSR', tenantId: 'pb.amritsar' }],
    });
    const citizen = (mobile: string, userName?: string): EgovUserInput => ({
      type: 'CITIZEN',
      tenantId: 'pb.amritsar',
      name: 'Asha',
      userName,
      profile: { mobile },
    });
    const [created] = await run([citizen('9876543210')], csr);
    expect(created).toMatchObject({
      userName: '9876543210',
      tenantId: 'pb',
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
    });
    await expect(run([citizen('9876543210', 'other')], csr)).rejects.toMatchObject({ code: 'mobile_number_taken' });
    await expect(run([citizen('9000000001', 'a'), citizen('9000000001', 'b')], csr)).rejects.toMatchObject({
      code: 'mobile_number_taken',
    });
    await expect(run([citizen('9000000002')])).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a citizen caller creates nobody, and more users than the configured maximum are refused', async () => {
    const citizen = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: 'c',
      roles: [{ code: 'SUPERUSER', tenantId: 'pb' }],
    });
    await expect(run([employee('e1')], citizen)).rejects.toMatchObject({ kind: 'forbidden' });
    const tooMany = Array.from({ length: fx.config.egov.bulkCreateMax + 1 }, (_, n) => employee(`e${n}`));
    await expect(run(tooMany)).rejects.toMatchObject({ code: 'BULK_LIMIT_EXCEEDED' });
  });

  it('concurrent batches claiming one userName: exactly one is written', async () => {
    const outcomes = await Promise.allSettled([
      run([employee('x1'), employee('same')]),
      run([employee('same'), employee('x2')]),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const userNames = (await fx.store.readAll(null, 10_000))
      .filter((event) => event.type === 'UserCreated')
      .map((event) => event.data.userName);
    expect(userNames.filter((name) => name === 'same')).toHaveLength(1);
    expect(userNames.filter((name) => name === 'x1' || name === 'x2')).toHaveLength(1);
  });
});
