import type { ExistingUser } from '@roster/domain';
import { userStream } from '@roster/domain';
import type { EgovUpdateMode, EgovUserInput } from '@roster/user-service-contract';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovUpdateUserCommand } from './update-user.command';
import { EgovUpdateUserHandler } from './update-user.handler';

describe('egov updates (citizen, novalidate, profile)', () => {
  let fx: EgovFixture;
  let update: EgovUpdateUserHandler;
  let hr: ExistingUser;
  let clerk: ExistingUser;
  let citizen: ExistingUser;

  beforeEach(async () => {
    fx = egovFixture();
    update = new EgovUpdateUserHandler(
      fx.lookup,
      fx.clock,
      fx.updates,
      fx.presenter,
      fx.passwords,
      fx.roles,
      fx.reservations,
    );
    hr = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'hr',
      roles: [{ code: 'HR', tenantId: 'pb.amritsar' }],
    });
    clerk = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.jalandhar',
      userName: 'clerk',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.jalandhar' }],
    });
    citizen = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: '9876543210',
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
      profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210' },
    });
  });
  afterEach(() => fx.store.close());

  const run = (by: ExistingUser, input: EgovUserInput, mode: EgovUpdateMode) =>
    update.execute(new EgovUpdateUserCommand(fx.callerOf(by), input, mode));
  const eventsOf = async (user: ExistingUser) =>
    (await fx.store.readStream(userStream(user.id))).map((event) => event.type);

  it('novalidate: an operator changes profile, roles, activation and lock in one append', async () => {
    const before = (await fx.store.readStream(userStream(clerk.id))).length;
    const updated = await run(
      hr,
      {
        uuid: clerk.id,
        name: 'Kiran Pal',
        active: false,
        accountLocked: false,
        roles: [{ code: 'EMPLOYEE' }, { code: 'HR' }],
      },
      'novalidate',
    );
    expect(updated).toMatchObject({
      name: 'Kiran Pal',
      active: false,
      roles: [
        { code: 'EMPLOYEE', tenantId: 'pb.jalandhar' },
        { code: 'HR', tenantId: 'pb.jalandhar' },
      ],
      lastModifiedBy: hr.id,
    });
    const written = await fx.store.readStream(userStream(clerk.id));
    expect(written.slice(before).map((event) => event.type)).toEqual([
      'ProfileUpdated',
      'UserDeactivated',
      'RolesChanged',
    ]);
    expect(new Set(written.slice(before).map((event) => event.position)).size).toBe(3);
  });

  it('novalidate: roles are required, must exist, and the caller needs user:update:<type>', async () => {
    await expect(run(hr, { uuid: clerk.id, name: 'X' }, 'novalidate')).rejects.toMatchObject({ field: 'roles' });
    await expect(run(hr, { uuid: clerk.id, roles: [{ code: 'NOPE' }] }, 'novalidate')).rejects.toMatchObject({
      code: 'INVALID_ROLE',
    });
    await expect(run(hr, { uuid: citizen.id, roles: [{ code: 'CITIZEN' }] }, 'novalidate')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(run(clerk, { uuid: hr.id, roles: [{ code: 'HR' }] }, 'novalidate')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(run(citizen, { uuid: citizen.id, roles: [{ code: 'HR' }] }, 'novalidate')).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('a user of another tenant family is answered like a missing one', async () => {
    const foreign = await fx.given({ userType: 'EMPLOYEE', tenantId: 'hr.gurgaon', userName: 'x' });
    for (const mode of ['citizen', 'novalidate'] as const) {
      await expect(run(hr, { uuid: foreign.id, name: 'Y', roles: [{ code: 'EMPLOYEE' }] }, mode)).rejects.toMatchObject(
        { code: 'user_not_found' },
      );
      await expect(
        run(hr, { uuid: 'no-such-user', name: 'Y', roles: [{ code: 'EMPLOYEE' }] }, mode),
      ).rejects.toMatchObject({ code: 'user_not_found' });
    }
  });

  it('citizen: a citizen changes itself but not its roles, activation or lock, and nobody else', async () => {
    const updated = await run(
      citizen,
      { uuid: citizen.id, name: 'Asha Devi', active: false, roles: [{ code: 'SUPERUSER' }] },
      'citizen',
    );
    expect(updated).toMatchObject({ name: 'Asha Devi', active: true, roles: [{ code: 'CITIZEN' }] });
    const other = await fx.given({ userType: 'CITIZEN', tenantId: 'pb', userName: 'other' });
    await expect(run(citizen, { uuid: other.id, name: 'Z' }, 'citizen')).rejects.toMatchObject({
      code: 'user_not_found',
    });
  });

  it("citizen: a new mobile number is reserved and the old one freed; another citizen's number is refused", async () => {
    const other = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: 'other',
      profile: { firstName: 'O', lastName: 'P', mobile: '9000000000' },
    });
    await expect(
      run(citizen, { uuid: citizen.id, profile: { mobile: '9000000000' } }, 'citizen'),
    ).rejects.toMatchObject({ code: 'mobile_number_taken' });
    await run(citizen, { uuid: citizen.id, profile: { mobile: '9111111111' } }, 'citizen');
    expect((await fx.lookup.findCitizenByMobile('pb', '9111111111'))?.state.id).toBe(citizen.id);
    await expect(run(other, { uuid: other.id, profile: { mobile: '9876543210' } }, 'citizen')).resolves.toMatchObject({
      profile: { mobile: '9876543210' },
    });
  });

  it('profile: only the caller itself; mobile, roles, activation, lock and password are never changed, and active is never wiped', async () => {
    await expect(run(hr, { uuid: citizen.id, name: 'X' }, 'profile')).rejects.toMatchObject({ kind: 'forbidden' });
    const updated = await run(
      citizen,
      {
        uuid: citizen.id,
        name: 'Asha Devi',
        userName: 'new',
        type: 'SYSTEM',
        profile: { mobile: '9000000009', email: 'a@b.in' },
        password: 'Secret#123',
        roles: [{ code: 'SUPERUSER' }],
        accountLocked: true,
      },
      'profile',
    );
    expect(updated).toMatchObject({
      name: 'Asha Devi',
      userName: '9876543210',
      type: 'CITIZEN',
      active: true,
      roles: [{ code: 'CITIZEN' }],
      passwordExpiresAt: null,
    });
    expect(updated.profile).toMatchObject({ mobile: '9876543210', email: 'a@b.in' });
    expect(await eventsOf(citizen)).not.toContain('PasswordChanged');
  });

  it('a password is set by an update only while the user has none (registration step two)', async () => {
    await run(citizen, { uuid: citizen.id, password: 'Secret#123' }, 'citizen');
    expect(await eventsOf(citizen)).toContain('PasswordChanged');
    await expect(run(citizen, { uuid: citizen.id, password: 'Other#1234' }, 'citizen')).rejects.toMatchObject({
      code: 'PASSWORD_ALREADY_SET',
    });
    await expect(
      run(hr, { uuid: clerk.id, password: 'weak', roles: [{ code: 'EMPLOYEE' }] }, 'novalidate'),
    ).rejects.toMatchObject({ code: 'INVALID_PWD_LENGTH' });
  });
});
