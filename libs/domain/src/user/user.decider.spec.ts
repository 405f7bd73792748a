import { deciderSpec } from '../testing/decider-spec';
import type {
  ChangeParent,
  ChangePassword,
  ChangeRoles,
  CreateUser,
  EraseUser,
  ImportUser,
  LockoutPolicy,
  ParentFacts,
  RecordLoginFailure,
  RecordLoginSuccess,
  SetActive,
  UnlockAccount,
  UpdateProfile,
  VerifyOtp,
} from './user.commands';
import { checkNewUser, userDecider } from './user.decider';
import { MAX_NUMERIC_USER_ID } from './numeric-user-id';
import type {
  AccountLocked,
  AccountUnlocked,
  LoginFailed,
  LoginFailuresCleared,
  OtpVerified,
  ParentLinked,
  ParentUnlinked,
  PasswordChanged,
  ProfileUpdated,
  RolesChanged,
  UserActivated,
  UserCreated,
  UserDeactivated,
  UserErased,
  UserEvent,
} from './user.events';
import { foldUser, initialUserState } from './user.state';
import type { Profile, ProfileChanges, Role } from './user.types';

const { given } = deciderSpec(userDecider);

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const USER = 'user-1';
const PARENT = 'parent-1';
const OTHER_PARENT = 'parent-2';
const ROOT = 'root-1';
const CREATED_AT = '2024-01-01T00:00:00.000Z';
const NUMERIC_ID = 1042;
const NOW = '2024-02-01T00:00:00.000Z';

const PROFILE: Profile = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.org',
  address: { city: 'London', country: 'GB' },
};
const MOBILE = '9876543210';
const CITIZEN_PROFILE: Profile = { ...PROFILE, mobile: MOBILE };
const ADMIN = 'admin-1';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
const NEW_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI';
const CLERK: Role = { code: 'CLERK', tenantId: 'pb.amritsar' };
const AUDITOR: Role = { code: 'AUDITOR', tenantId: 'pb.amritsar' };
const CLERK_ELSEWHERE: Role = { code: 'CLERK', tenantId: 'pb.jalandhar' };
const MINUTE = 60_000;
const POLICY: LockoutPolicy = { maxFailures: 3, windowMs: 30 * MINUTE, lockMs: 60 * MINUTE };
/** NOW plus `minutes`, as an ISO time. */
const later = (minutes: number): string => new Date(Date.parse(NOW) + minutes * MINUTE).toISOString();

/** A parent the handler found; `lineage` is the parent followed by its ancestors up to the root. */
const found = (id: string, ancestors: string[] = [], tenantId = TENANT): ParentFacts => ({
  id,
  found: true,
  tenantId,
  lineage: [id, ...ancestors],
});
const missing = (id: string): ParentFacts => ({ id, found: false });

const createUser = (data: Partial<CreateUser['data']> = {}): CreateUser => ({
  type: 'CreateUser',
  data: {
    userId: USER,
    tenantId: TENANT,
    userType: 'CITIZEN',
    userName: 'ada',
    numericId: NUMERIC_ID,
    profile: PROFILE,
    parent: null,
    at: CREATED_AT,
    ...data,
  },
});
const updateProfile = (changes: ProfileChanges, tenantId = TENANT, by?: string | null): UpdateProfile => ({
  type: 'UpdateProfile',
  data: { userId: USER, tenantId, changes, by, at: NOW },
});
const changeParent = (parent: ParentFacts | null, tenantId = TENANT): ChangeParent => ({
  type: 'ChangeParent',
  data: { userId: USER, tenantId, parent, at: NOW },
});

const userCreated = (data: Partial<UserCreated['data']> = {}): UserCreated => ({
  type: 'UserCreated',
  data: {
    userId: USER,
    tenantId: TENANT,
    userType: 'CITIZEN',
    userName: 'ada',
    numericId: NUMERIC_ID,
    profile: PROFILE,
    roles: [],
    active: true,
    by: null,
    at: CREATED_AT,
    ...data,
  },
});
/** A UserCreated as written before roles, activation, actors and numeric ids existed. */
const legacyUserCreated = (): UserCreated => ({
  type: 'UserCreated',
  data: { userId: USER, tenantId: TENANT, userType: 'CITIZEN', userName: 'ada', profile: PROFILE, at: CREATED_AT },
});
const profileUpdated = (changes: ProfileChanges, by: string | null = null): ProfileUpdated => ({
  type: 'ProfileUpdated',
  data: { userId: USER, changes, by, at: NOW },
});
const parentLinked = (parentId: string, previousParentId: string | null, at = NOW): ParentLinked => ({
  type: 'ParentLinked',
  data: { userId: USER, parentId, previousParentId, at },
});
const parentUnlinked = (previousParentId: string): ParentUnlinked => ({
  type: 'ParentUnlinked',
  data: { userId: USER, previousParentId, at: NOW },
});

describe('CreateUser', () => {
  it('creates a user without a parent', () => {
    given([]).when(createUser()).then([userCreated()]);
  });

  it('creates a user without a userName', () => {
    given([])
      .when(createUser({ userName: null }))
      .then([userCreated({ userName: null })]);
  });

  it('creates a user under a parent and links it in the same decision', () => {
    given([])
      .when(createUser({ parent: found(PARENT, [ROOT]) }))
      .then([userCreated(), parentLinked(PARENT, null, CREATED_AT)]);
  });

  it('rejects a user that already exists', () => {
    given([userCreated()]).when(createUser()).thenThrows('user_already_exists', 'id');
  });

  it('rejects a parent that does not exist', () => {
    given([])
      .when(createUser({ parent: missing(PARENT) }))
      .thenThrows('parent_not_found', 'parentId');
  });

  it('rejects a parent of another tenant', () => {
    given([])
      .when(createUser({ parent: found(PARENT, [], OTHER_TENANT) }))
      .thenThrows('parent_in_other_tenant', 'parentId');
  });

  it('rejects a parent whose lineage already contains the new id', () => {
    given([])
      .when(createUser({ parent: found(PARENT, [USER, ROOT]) }))
      .thenThrows('parent_cycle', 'parentId');
  });

  it.each([
    ['not found', missing(USER)],
    ['found', found(USER)],
  ])('rejects the user as its own parent (parent %s)', (_, parent) => {
    given([]).when(createUser({ parent })).thenThrows('self_parent', 'parentId');
  });

  it('records the numeric id the handler took', () => {
    given([])
      .when(createUser({ numericId: MAX_NUMERIC_USER_ID }))
      .then([userCreated({ numericId: MAX_NUMERIC_USER_ID })]);
  });

  it.each([0, -7, 1.5, MAX_NUMERIC_USER_ID + 1, Number.NaN])(
    'refuses to record the numeric id %s, which no DIGIT client could read',
    (numericId) => {
      expect(() => userDecider.decide(createUser({ numericId }), initialUserState)).toThrow(RangeError);
    },
  );
});

describe('ImportUser', () => {
  const imported = {
    userId: USER,
    tenantId: TENANT,
    userType: 'EMPLOYEE' as const,
    userName: 'clerk',
    numericId: NUMERIC_ID,
    profile: PROFILE,
    roles: [CLERK, CLERK],
    active: false,
    parentId: PARENT,
    passwordHash: '$2a$10$abcdefghijklmnopqrstuuS1jM9Qh2N1M3s1e0V0XQH1Yh6y4c9y.',
    passwordChangedAt: CREATED_AT,
    passwordExpiryApplies: false,
    lockedUntil: NOW,
    otpVerified: true,
    createdBy: ADMIN,
    lastModifiedBy: ROOT,
    createdAt: CREATED_AT,
    updatedAt: NOW,
    source: 'egov' as const,
    at: NOW,
  };

  it('writes the user as its source held it, roles without duplicates', () => {
    given([])
      .when({ type: 'ImportUser', data: imported })
      .then([{ type: 'UserImported', data: { ...imported, roles: [CLERK] } }]);
  });

  it('folds into the same user, dates, actors, lock and hash included', () => {
    const state = foldUser([{ type: 'UserImported', data: imported }]);
    expect(state).toEqual({
      status: 'existing',
      id: USER,
      tenantId: TENANT,
      userType: 'EMPLOYEE',
      userName: 'clerk',
      numericId: NUMERIC_ID,
      profile: PROFILE,
      parentId: PARENT,
      roles: [CLERK, CLERK],
      active: false,
      passwordHash: imported.passwordHash,
      passwordChangedAt: CREATED_AT,
      passwordExpiryApplies: false,
      otpVerified: true,
      failedLogins: [],
      lockedUntil: NOW,
      credentialsChangedAt: NOW,
      createdBy: ADMIN,
      lastModifiedBy: ROOT,
      createdAt: CREATED_AT,
      updatedAt: NOW,
    });
  });

  it('rejects a user that already exists: a second import writes nothing', () => {
    given([{ type: 'UserImported', data: imported }])
      .when({ type: 'ImportUser', data: imported })
      .thenThrows('user_already_exists');
  });

  it('a login that re-hashes replaces only the hash: expiry, tokens and updatedAt stay', () => {
    const before = foldUser([{ type: 'UserImported', data: { ...imported, lockedUntil: null, active: true } }]);
    const events = userDecider.decide(
      {
        type: 'RecordLoginSuccess',
        data: { userId: USER, tenantId: TENANT, rehashedPassword: NEW_HASH, at: '2024-03-01T00:00:00.000Z' },
      },
      before,
    );
    expect(events).toEqual([
      { type: 'PasswordRehashed', data: { userId: USER, passwordHash: NEW_HASH, at: '2024-03-01T00:00:00.000Z' } },
    ]);
    expect(foldUser(events, before)).toEqual({ ...before, passwordHash: NEW_HASH });
  });
});

describe('checkNewUser', () => {
  const { numericId: _numericId, ...unnumbered } = createUser().data;

  it('passes what CreateUser would decide, before any numeric id is taken', () => {
    expect(() => checkNewUser({ ...unnumbered, parent: found(PARENT, [ROOT]) })).not.toThrow();
  });

  it("gives CreateUser's refusals: the parent, and an OTP of another number", () => {
    expect(() => checkNewUser({ ...unnumbered, parent: missing(PARENT) })).toThrow(
      expect.objectContaining({ code: 'parent_not_found' }),
    );
    expect(() => checkNewUser({ ...unnumbered, parent: found(PARENT, [USER]) })).toThrow(
      expect.objectContaining({ code: 'parent_cycle' }),
    );
    const otherNumber = {
      ...unnumbered,
      profile: CITIZEN_PROFILE,
      verifiedOtp: { mobileNumber: '9000000000', purpose: 'register' as const },
    };
    expect(() => checkNewUser(otherNumber)).toThrow(expect.objectContaining({ code: 'OTP_MOBILE_MISMATCH' }));
  });
});

describe('UpdateProfile', () => {
  it('records only the fields that change', () => {
    given([userCreated()])
      .when(updateProfile({ firstName: 'Ada', lastName: 'King', mobile: '+441234567890', email: 'ada@example.org' }))
      .then([profileUpdated({ lastName: 'King', mobile: '+441234567890' })]);
  });

  it('ignores fields left undefined', () => {
    given([userCreated()])
      .when(updateProfile({ email: undefined, lastName: 'King' }))
      .then([profileUpdated({ lastName: 'King' })]);
  });

  it('clears an optional field set to null', () => {
    given([userCreated()])
      .when(updateProfile({ email: null }))
      .then([profileUpdated({ email: null })]);
  });

  it('replaces the address as a whole', () => {
    given([userCreated()])
      .when(updateProfile({ address: { city: 'Paris', country: 'GB' } }))
      .then([profileUpdated({ address: { city: 'Paris', country: 'GB' } })]);
  });

  it('records nothing when nothing changes', () => {
    given([userCreated()])
      .when(updateProfile({ firstName: 'Ada', email: 'ada@example.org', address: { city: 'London', country: 'GB' } }))
      .then([]);
  });

  it('never records a key that is not a profile field', () => {
    const smuggled: ProfileChanges = Object.assign({ lastName: 'Byron' }, { password: 'Secret#123' });
    given([userCreated()])
      .when(updateProfile(smuggled))
      .then([profileUpdated({ lastName: 'Byron' })]);
  });

  it('records nothing for an empty change set', () => {
    given([userCreated()]).when(updateProfile({})).then([]);
  });

  it('treats null and absent as the same value', () => {
    given([userCreated()])
      .when(updateProfile({ mobile: null, address: { city: 'London', country: 'GB', line1: null } }))
      .then([]);
  });

  it('does not mistake a different key order for a change', () => {
    given([userCreated()])
      .when(updateProfile({ address: { country: 'GB', city: 'London' } }))
      .then([]);
  });

  it('compares against the profile as already updated', () => {
    given([userCreated(), profileUpdated({ lastName: 'King' })])
      .when(updateProfile({ lastName: 'King' }))
      .then([]);
  });

  it('rejects an unknown user', () => {
    given([])
      .when(updateProfile({ lastName: 'King' }))
      .thenThrows('user_not_found', 'id');
  });

  it('reports a user of another tenant as not found', () => {
    given([userCreated()])
      .when(updateProfile({ lastName: 'King' }, OTHER_TENANT))
      .thenThrows('user_not_found', 'id');
  });
});

describe('ChangeParent', () => {
  it('links a user that has no parent', () => {
    given([userCreated()])
      .when(changeParent(found(PARENT, [ROOT])))
      .then([parentLinked(PARENT, null)]);
  });

  it('re-links a user and names the previous parent', () => {
    given([userCreated(), parentLinked(PARENT, null)])
      .when(changeParent(found(OTHER_PARENT, [ROOT])))
      .then([parentLinked(OTHER_PARENT, PARENT)]);
  });

  it('unlinks a user from its parent', () => {
    given([userCreated(), parentLinked(PARENT, null)])
      .when(changeParent(null))
      .then([parentUnlinked(PARENT)]);
  });

  it('records nothing when unlinking a user that has no parent', () => {
    given([userCreated()]).when(changeParent(null)).then([]);
  });

  it('records nothing when unlinking a user already unlinked', () => {
    given([userCreated(), parentLinked(PARENT, null), parentUnlinked(PARENT)])
      .when(changeParent(null))
      .then([]);
  });

  it('records nothing when the parent stays the same', () => {
    given([userCreated(), parentLinked(PARENT, null)])
      .when(changeParent(found(PARENT, [ROOT])))
      .then([]);
  });

  it('rejects the user as its own parent', () => {
    given([userCreated()])
      .when(changeParent(found(USER)))
      .thenThrows('self_parent', 'parentId');
  });

  it('rejects a parent that does not exist', () => {
    given([userCreated()])
      .when(changeParent(missing(PARENT)))
      .thenThrows('parent_not_found', 'parentId');
  });

  it('rejects a parent of another tenant', () => {
    given([userCreated()])
      .when(changeParent(found(PARENT, [], OTHER_TENANT)))
      .thenThrows('parent_in_other_tenant', 'parentId');
  });

  it.each([
    ['a child', [USER]],
    ['a deeper descendant', [OTHER_PARENT, USER, ROOT]],
  ])('rejects %s of the user as its parent', (_, ancestors) => {
    given([userCreated()])
      .when(changeParent(found(PARENT, ancestors)))
      .thenThrows('parent_cycle', 'parentId');
  });

  it('rejects an unknown user', () => {
    given([])
      .when(changeParent(found(PARENT)))
      .thenThrows('user_not_found', 'id');
  });

  it('reports a user of another tenant as not found', () => {
    given([userCreated()])
      .when(changeParent(found(PARENT, [], OTHER_TENANT), OTHER_TENANT))
      .thenThrows('user_not_found', 'id');
  });
});

describe('evolveUser', () => {
  const created = {
    status: 'existing',
    id: USER,
    tenantId: TENANT,
    userType: 'CITIZEN',
    userName: 'ada',
    numericId: NUMERIC_ID,
    profile: PROFILE,
    parentId: null,
    roles: [],
    active: true,
    passwordHash: null,
    passwordChangedAt: null,
    passwordExpiryApplies: true,
    otpVerified: false,
    failedLogins: [],
    lockedUntil: null,
    credentialsChangedAt: null,
    createdBy: null,
    lastModifiedBy: null,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
  } as const;

  it('starts absent', () => {
    expect(foldUser([])).toEqual(initialUserState);
    expect(initialUserState).toEqual({ status: 'absent' });
  });

  it('UserCreated makes the user exist without a parent', () => {
    expect(foldUser([userCreated()])).toEqual(created);
  });

  it('ProfileUpdated merges the changes into the profile', () => {
    expect(foldUser([userCreated(), profileUpdated({ lastName: 'King', email: null })])).toEqual({
      ...created,
      profile: { ...PROFILE, lastName: 'King', email: null },
      updatedAt: NOW,
    });
  });

  it('ParentLinked sets the parent', () => {
    expect(foldUser([userCreated(), parentLinked(PARENT, null)])).toEqual({
      ...created,
      parentId: PARENT,
      updatedAt: NOW,
    });
  });

  it('ParentLinked replaces a previous parent', () => {
    expect(foldUser([userCreated(), parentLinked(PARENT, null), parentLinked(OTHER_PARENT, PARENT)])).toEqual({
      ...created,
      parentId: OTHER_PARENT,
      updatedAt: NOW,
    });
  });

  it('ParentUnlinked clears the parent', () => {
    expect(foldUser([userCreated(), parentLinked(PARENT, null), parentUnlinked(PARENT)])).toEqual({
      ...created,
      updatedAt: NOW,
    });
  });

  it.each<UserEvent>([profileUpdated({ lastName: 'King' }), parentLinked(PARENT, null), parentUnlinked(PARENT)])(
    '$type on an absent user leaves it absent',
    (event) => {
      expect(foldUser([event])).toEqual(initialUserState);
    },
  );

  it('does not mutate the state it evolves', () => {
    const before = foldUser([userCreated()]);
    const snapshot = structuredClone(before);
    foldUser([profileUpdated({ lastName: 'King' }), parentLinked(PARENT, null)], before);
    expect(before).toEqual(snapshot);
  });
});

const changeRoles = (roles: Role[], by: string | null = ADMIN): ChangeRoles => ({
  type: 'ChangeRoles',
  data: { userId: USER, tenantId: TENANT, roles, by, at: NOW },
});
const setActive = (active: boolean, tenantId = TENANT): SetActive => ({
  type: 'SetActive',
  data: { userId: USER, tenantId, active, by: ADMIN, at: NOW },
});
const verifyOtp = (mobileNumber = MOBILE): VerifyOtp => ({
  type: 'VerifyOtp',
  data: { userId: USER, tenantId: TENANT, mobileNumber, purpose: 'login', at: NOW },
});
const changePassword = (data: Partial<ChangePassword['data']> = {}): ChangePassword => ({
  type: 'ChangePassword',
  data: { userId: USER, tenantId: TENANT, passwordHash: NEW_HASH, reason: 'change', at: NOW, ...data },
});
const recordFailure = (at: string, tenantId = TENANT): RecordLoginFailure => ({
  type: 'RecordLoginFailure',
  data: { userId: USER, tenantId, policy: POLICY, at },
});
const recordSuccess = (at: string): RecordLoginSuccess => ({
  type: 'RecordLoginSuccess',
  data: { userId: USER, tenantId: TENANT, at },
});
const unlockAccount = (at: string): UnlockAccount => ({
  type: 'UnlockAccount',
  data: { userId: USER, tenantId: TENANT, by: ADMIN, at },
});

const rolesChanged = (roles: Role[], by: string | null = ADMIN, at = NOW): RolesChanged => ({
  type: 'RolesChanged',
  data: { userId: USER, roles, by, at },
});
const otpVerified = (purpose: OtpVerified['data']['purpose'] = 'login', at = NOW): OtpVerified => ({
  type: 'OtpVerified',
  data: { userId: USER, mobileNumber: MOBILE, purpose, at },
});
const passwordChanged = (
  passwordHash: string,
  reason: PasswordChanged['data']['reason'],
  by: string | null = null,
  at = NOW,
): PasswordChanged => ({
  type: 'PasswordChanged',
  data: { userId: USER, passwordHash, reason, by, at },
});
const activated = (): UserActivated => ({ type: 'UserActivated', data: { userId: USER, by: ADMIN, at: NOW } });
const deactivated = (): UserDeactivated => ({ type: 'UserDeactivated', data: { userId: USER, by: ADMIN, at: NOW } });
const loginFailed = (at: string): LoginFailed => ({ type: 'LoginFailed', data: { userId: USER, at } });
const failuresCleared = (at: string): LoginFailuresCleared => ({
  type: 'LoginFailuresCleared',
  data: { userId: USER, at },
});
const accountLocked = (at: string): AccountLocked => ({
  type: 'AccountLocked',
  data: { userId: USER, until: new Date(Date.parse(at) + POLICY.lockMs).toISOString(), at },
});
const accountUnlocked = (reason: 'expired' | 'operator', at: string): AccountUnlocked =>
  reason === 'operator'
    ? { type: 'AccountUnlocked', data: { userId: USER, reason, by: ADMIN, at } }
    : { type: 'AccountUnlocked', data: { userId: USER, reason, at } };

const citizen = (): UserCreated => userCreated({ profile: CITIZEN_PROFILE });
/** Two failures within the window, then the third locks (POLICY.maxFailures = 3). */
const lockedAt = (at: string): UserEvent[] => [citizen(), loginFailed(at), accountLocked(at)];

describe('CreateUser with the egov fields', () => {
  it('records roles, activation and the actor', () => {
    given([])
      .when(createUser({ roles: [CLERK, AUDITOR], active: false, by: ADMIN }))
      .then([userCreated({ roles: [CLERK, AUDITOR], active: false, by: ADMIN })]);
  });

  it('records a role given twice once', () => {
    given([])
      .when(createUser({ roles: [CLERK, AUDITOR, CLERK] }))
      .then([userCreated({ roles: [CLERK, AUDITOR] })]);
  });

  it('records the verified OTP after the creation', () => {
    given([])
      .when(createUser({ profile: CITIZEN_PROFILE, verifiedOtp: { mobileNumber: MOBILE, purpose: 'register' } }))
      .then([citizen(), otpVerified('register', CREATED_AT)]);
  });

  it('sets the password in the same decision', () => {
    given([])
      .when(createUser({ passwordHash: HASH, by: ADMIN }))
      .then([userCreated({ by: ADMIN }), passwordChanged(HASH, 'set', ADMIN, CREATED_AT)]);
  });

  it('orders creation, OTP, password and parent', () => {
    given([])
      .when(
        createUser({
          profile: CITIZEN_PROFILE,
          verifiedOtp: { mobileNumber: MOBILE, purpose: 'register' },
          passwordHash: HASH,
          parent: found(PARENT),
        }),
      )
      .then([
        citizen(),
        otpVerified('register', CREATED_AT),
        passwordChanged(HASH, 'set', null, CREATED_AT),
        parentLinked(PARENT, null, CREATED_AT),
      ]);
  });

  it('rejects an OTP verified for another mobile number', () => {
    given([])
      .when(createUser({ profile: CITIZEN_PROFILE, verifiedOtp: { mobileNumber: '9000000000', purpose: 'register' } }))
      .thenRejects('invalid', 'OTP_MOBILE_MISMATCH', 'mobileNumber');
  });

  it('rejects an OTP for a user without a mobile number', () => {
    given([])
      .when(createUser({ verifiedOtp: { mobileNumber: MOBILE, purpose: 'register' } }))
      .thenRejects('invalid', 'OTP_MOBILE_MISMATCH', 'mobileNumber');
  });
});

describe('UpdateProfile records the actor', () => {
  it('names who changed the profile', () => {
    given([userCreated()])
      .when(updateProfile({ lastName: 'King' }, TENANT, ADMIN))
      .then([profileUpdated({ lastName: 'King' }, ADMIN)]);
  });
});

describe('ChangeRoles', () => {
  it('replaces the roles', () => {
    given([userCreated({ roles: [CLERK] })])
      .when(changeRoles([AUDITOR]))
      .then([rolesChanged([AUDITOR])]);
  });

  it('records nothing when the set is the same in another order', () => {
    given([userCreated({ roles: [CLERK, AUDITOR] })])
      .when(changeRoles([AUDITOR, CLERK]))
      .then([]);
  });

  it('records nothing when only duplicates differ', () => {
    given([userCreated({ roles: [CLERK] })])
      .when(changeRoles([CLERK, CLERK]))
      .then([]);
  });

  it('tells a role of one tenant from the same code in another', () => {
    given([userCreated({ roles: [CLERK] })])
      .when(changeRoles([CLERK_ELSEWHERE]))
      .then([rolesChanged([CLERK_ELSEWHERE])]);
  });

  it('removes every role', () => {
    given([userCreated({ roles: [CLERK] })])
      .when(changeRoles([]))
      .then([rolesChanged([])]);
  });

  it('compares against roles already changed', () => {
    given([userCreated(), rolesChanged([AUDITOR])])
      .when(changeRoles([AUDITOR]))
      .then([]);
  });

  it('treats a user created before roles existed as holding none', () => {
    given([legacyUserCreated()]).when(changeRoles([])).then([]);
  });

  it('rejects an unknown user', () => {
    given([])
      .when(changeRoles([CLERK]))
      .thenThrows('user_not_found', 'id');
  });
});

describe('SetActive', () => {
  it('deactivates an active user', () => {
    given([userCreated()]).when(setActive(false)).then([deactivated()]);
  });

  it('activates an inactive user', () => {
    given([userCreated({ active: false })])
      .when(setActive(true))
      .then([activated()]);
  });

  it('records nothing when already active', () => {
    given([userCreated()]).when(setActive(true)).then([]);
  });

  it('records nothing when already inactive', () => {
    given([userCreated(), deactivated()]).when(setActive(false)).then([]);
  });

  it('treats a user created before activation existed as active', () => {
    given([legacyUserCreated()]).when(setActive(true)).then([]);
  });

  it('reports a user of another tenant as not found', () => {
    given([userCreated()]).when(setActive(false, OTHER_TENANT)).thenThrows('user_not_found', 'id');
  });
});

describe('VerifyOtp', () => {
  it("records the OTP sent to the user's mobile number", () => {
    given([citizen()]).when(verifyOtp()).then([otpVerified()]);
  });

  it('rejects an OTP sent to another number', () => {
    given([citizen()]).when(verifyOtp('9000000000')).thenRejects('invalid', 'OTP_MOBILE_MISMATCH', 'mobileNumber');
  });

  it('rejects an unknown user', () => {
    given([]).when(verifyOtp()).thenThrows('user_not_found', 'id');
  });
});

describe('ChangePassword', () => {
  it('changes the password', () => {
    given([citizen(), passwordChanged(HASH, 'set')])
      .when(changePassword())
      .then([passwordChanged(NEW_HASH, 'change')]);
  });

  it('sets the first password of a user registered without one', () => {
    given([citizen()])
      .when(changePassword({ reason: 'set', by: USER }))
      .then([passwordChanged(NEW_HASH, 'set', USER)]);
  });

  it('records the OTP of a reset first', () => {
    given([citizen(), passwordChanged(HASH, 'set')])
      .when(changePassword({ reason: 'reset', verifiedOtp: { mobileNumber: MOBILE, purpose: 'passwordreset' } }))
      .then([otpVerified('passwordreset'), passwordChanged(NEW_HASH, 'reset')]);
  });

  it('rejects a reset with an OTP sent to another number', () => {
    given([citizen()])
      .when(changePassword({ reason: 'reset', verifiedOtp: { mobileNumber: '9000000000', purpose: 'passwordreset' } }))
      .thenRejects('invalid', 'OTP_MOBILE_MISMATCH', 'mobileNumber');
  });

  it('rejects an unknown user', () => {
    given([]).when(changePassword()).thenThrows('user_not_found', 'id');
  });
});

describe('RecordLoginFailure', () => {
  it('records a failure below the limit', () => {
    given([citizen()])
      .when(recordFailure(NOW))
      .then([loginFailed(NOW)]);
  });

  it('locks on the maxFailures-th failure within the window, until at + lockMs', () => {
    given([citizen(), loginFailed(NOW), loginFailed(later(10))])
      .when(recordFailure(later(20)))
      .then([loginFailed(later(20)), accountLocked(later(20))]);
  });

  it('does not count failures older than the window', () => {
    given([citizen(), loginFailed(NOW), loginFailed(later(10))])
      .when(recordFailure(later(31)))
      .then([loginFailed(later(31))]);
  });

  it('counts a failure exactly the window old', () => {
    given([citizen(), loginFailed(NOW), loginFailed(later(10))])
      .when(recordFailure(later(30)))
      .then([loginFailed(later(30)), accountLocked(later(30))]);
  });

  it('starts counting again after a success', () => {
    given([citizen(), loginFailed(NOW), loginFailed(later(1)), failuresCleared(later(2))])
      .when(recordFailure(later(3)))
      .then([loginFailed(later(3))]);
  });

  it('records a failure while locked without extending the lock', () => {
    given([...lockedAt(NOW), loginFailed(later(1))])
      .when(recordFailure(later(2)))
      .then([loginFailed(later(2))]);
  });

  it('does not count failures made while locked towards the next lock', () => {
    given([...lockedAt(NOW), loginFailed(later(50)), loginFailed(later(55))])
      .when(recordFailure(later(61)))
      .then([loginFailed(later(61))]);
  });

  it('locks again after an expired lock when failures after it reach the limit', () => {
    given([...lockedAt(NOW), loginFailed(later(61)), loginFailed(later(62))])
      .when(recordFailure(later(63)))
      .then([loginFailed(later(63)), accountLocked(later(63))]);
  });

  it('reports a user of another tenant as not found', () => {
    given([citizen()]).when(recordFailure(NOW, OTHER_TENANT)).thenThrows('user_not_found', 'id');
  });
});

describe('RecordLoginSuccess', () => {
  it('clears earlier failures', () => {
    given([citizen(), loginFailed(NOW)])
      .when(recordSuccess(later(1)))
      .then([failuresCleared(later(1))]);
  });

  it('records nothing without failures or lock', () => {
    given([citizen()]).when(recordSuccess(NOW)).then([]);
  });

  it('records an expired lock as unlocked', () => {
    given(lockedAt(NOW))
      .when(recordSuccess(later(60)))
      .then([accountUnlocked('expired', later(60))]);
  });

  it('clears failures made during the lock and records its expiry', () => {
    given([...lockedAt(NOW), loginFailed(later(5))])
      .when(recordSuccess(later(61)))
      .then([failuresCleared(later(61)), accountUnlocked('expired', later(61))]);
  });

  it('refuses while the lock stands', () => {
    given(lockedAt(NOW))
      .when(recordSuccess(later(59)))
      .thenRejects('locked', 'ACCOUNT_LOCKED');
  });
});

describe('UnlockAccount', () => {
  it('lifts a standing lock', () => {
    given(lockedAt(NOW))
      .when(unlockAccount(later(5)))
      .then([accountUnlocked('operator', later(5))]);
  });

  it('records nothing for an account that is not locked', () => {
    given([citizen()]).when(unlockAccount(NOW)).then([]);
  });

  it('records nothing once the lock has run out', () => {
    given(lockedAt(NOW))
      .when(unlockAccount(later(60)))
      .then([]);
  });

  it('records nothing after an operator already unlocked', () => {
    given([...lockedAt(NOW), accountUnlocked('operator', later(1))])
      .when(unlockAccount(later(2)))
      .then([]);
  });
});

describe('evolveUser: roles, credentials and lockout', () => {
  const base = foldUser([citizen()]);
  const existing = (events: UserEvent[]) => {
    const state = foldUser(events, base);
    if (state.status !== 'existing') throw new Error('expected an existing user');
    return state;
  };

  it('reads a UserCreated written before roles and activation as no roles, active, no actor', () => {
    expect(foldUser([legacyUserCreated()])).toMatchObject({
      roles: [],
      active: true,
      createdBy: null,
      lastModifiedBy: null,
    });
  });

  it('reads a UserCreated written before numeric ids as a user without a number', () => {
    expect(foldUser([legacyUserCreated()])).toMatchObject({ numericId: null });
  });

  it('UserCreated records the numeric id, and no later event changes it', () => {
    const events = [userCreated({ numericId: 77 }), profileUpdated({ lastName: 'King' }), parentLinked(PARENT, null)];
    expect(foldUser(events)).toMatchObject({ numericId: 77 });
  });

  it('UserCreated records roles, activation and the creator', () => {
    expect(foldUser([userCreated({ roles: [CLERK], active: false, by: ADMIN })])).toMatchObject({
      roles: [CLERK],
      active: false,
      createdBy: ADMIN,
      lastModifiedBy: ADMIN,
    });
  });

  it('RolesChanged replaces the roles and counts as a change', () => {
    expect(existing([rolesChanged([AUDITOR])])).toMatchObject({
      roles: [AUDITOR],
      updatedAt: NOW,
      lastModifiedBy: ADMIN,
    });
  });

  it('ProfileUpdated names the modifier; one written before actors keeps the previous modifier', () => {
    expect(existing([profileUpdated({ lastName: 'King' }, ADMIN)])).toMatchObject({ lastModifiedBy: ADMIN });
    const legacy: ProfileUpdated = {
      type: 'ProfileUpdated',
      data: { userId: USER, changes: { lastName: 'Byron' }, at: later(1) },
    };
    expect(existing([profileUpdated({ lastName: 'King' }, ADMIN), legacy])).toMatchObject({
      lastModifiedBy: ADMIN,
      updatedAt: later(1),
    });
  });

  it('PasswordChanged sets the hash, its time and revokes earlier credentials', () => {
    expect(existing([passwordChanged(HASH, 'set', USER)])).toMatchObject({
      passwordHash: HASH,
      passwordChangedAt: NOW,
      credentialsChangedAt: NOW,
      updatedAt: NOW,
      lastModifiedBy: USER,
    });
  });

  it('UserDeactivated deactivates and revokes earlier credentials; UserActivated reactivates', () => {
    expect(existing([deactivated()])).toMatchObject({
      active: false,
      credentialsChangedAt: NOW,
      updatedAt: NOW,
      lastModifiedBy: ADMIN,
    });
    expect(existing([deactivated(), activated()])).toMatchObject({ active: true, credentialsChangedAt: NOW });
  });

  it('OtpVerified marks the number proved without counting as a change', () => {
    expect(existing([otpVerified()])).toMatchObject({ otpVerified: true, updatedAt: CREATED_AT });
  });

  it('LoginFailed and LoginFailuresCleared keep the failure times without counting as a change', () => {
    expect(existing([loginFailed(NOW), loginFailed(later(1))])).toMatchObject({
      failedLogins: [NOW, later(1)],
      updatedAt: CREATED_AT,
    });
    expect(existing([loginFailed(NOW), failuresCleared(later(1))])).toMatchObject({
      failedLogins: [],
      updatedAt: CREATED_AT,
    });
  });

  it('AccountLocked clears the failures, sets the lock and revokes earlier credentials', () => {
    expect(existing([loginFailed(NOW), accountLocked(NOW)])).toMatchObject({
      failedLogins: [],
      lockedUntil: later(60),
      credentialsChangedAt: NOW,
      updatedAt: NOW,
    });
  });

  it('AccountUnlocked lifts the lock and forgets failures made during it', () => {
    expect(existing([accountLocked(NOW), loginFailed(later(1)), accountUnlocked('operator', later(2))])).toMatchObject({
      failedLogins: [],
      lockedUntil: null,
      updatedAt: later(2),
      lastModifiedBy: ADMIN,
    });
  });

  it.each<UserEvent>([
    rolesChanged([CLERK]),
    passwordChanged(HASH, 'set'),
    deactivated(),
    loginFailed(NOW),
    accountLocked(NOW),
  ])('$type on an absent user leaves it absent', (event) => {
    expect(foldUser([event])).toEqual(initialUserState);
  });
});

describe('EraseUser', () => {
  const eraseUser = (tenantId = TENANT, by: string | null = ADMIN): EraseUser => ({
    type: 'EraseUser',
    data: { userId: USER, tenantId, by, at: NOW },
  });
  const userErased = (data: Partial<UserErased['data']> = {}): UserErased => ({
    type: 'UserErased',
    data: { userId: USER, tenantId: TENANT, userType: 'CITIZEN', numericId: NUMERIC_ID, by: ADMIN, at: NOW, ...data },
  });

  it('erases an existing user, keeping only what identifies the record', () => {
    given([citizen(), profileUpdated({ firstName: 'Augusta' }), parentLinked(PARENT, null)])
      .when(eraseUser())
      .then([userErased()]);
  });

  it('records an erasure without an acting user as by null', () => {
    given([userCreated()])
      .when(eraseUser(TENANT, null))
      .then([userErased({ by: null })]);
  });

  it('keeps a null numeric id of a user created before numeric ids existed', () => {
    given([legacyUserCreated()])
      .when(eraseUser())
      .then([userErased({ numericId: null })]);
  });

  it('refuses an unknown user as not found', () => {
    given([]).when(eraseUser()).thenThrows('user_not_found', 'id');
  });

  it("refuses another tenant's user as not found, erased or not", () => {
    given([userCreated()]).when(eraseUser(OTHER_TENANT)).thenThrows('user_not_found', 'id');
    given([userCreated(), userErased()]).when(eraseUser(OTHER_TENANT)).thenThrows('user_not_found', 'id');
  });

  it('refuses a user erased before as gone', () => {
    given([userCreated(), userErased()]).when(eraseUser()).thenThrows('user_erased', 'id');
  });

  const importUser: ImportUser = {
    type: 'ImportUser',
    data: {
      userId: USER,
      tenantId: TENANT,
      userType: 'CITIZEN',
      userName: 'ada',
      numericId: NUMERIC_ID,
      profile: PROFILE,
      roles: [],
      active: true,
      parentId: null,
      passwordHash: null,
      passwordChangedAt: null,
      lockedUntil: null,
      otpVerified: false,
      createdBy: null,
      lastModifiedBy: null,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      source: 'roster',
      at: NOW,
    },
  };

  it('erases an imported user', () => {
    given([{ type: 'UserImported', data: { ...importUser.data, userType: 'EMPLOYEE' } }])
      .when(eraseUser())
      .then([userErased({ userType: 'EMPLOYEE' })]);
  });

  it.each([
    ['UpdateProfile', updateProfile({ firstName: 'Augusta' })],
    ['ChangeParent', changeParent(found(PARENT))],
    ['ChangeRoles', changeRoles([CLERK])],
    ['SetActive', setActive(false)],
    ['VerifyOtp', verifyOtp()],
    ['ChangePassword', changePassword()],
    ['RecordLoginFailure', recordFailure(NOW)],
    ['RecordLoginSuccess', recordSuccess(NOW)],
    ['UnlockAccount', unlockAccount(NOW)],
  ])('refuses %s on an erased user as gone', (_, command) => {
    given([citizen(), userErased()]).when(command).thenThrows('user_erased', 'id');
  });

  it.each([
    ['CreateUser', createUser()],
    ['ImportUser', importUser],
  ])("never gives an erased user's id to a new user (%s)", (_, command) => {
    given([userCreated(), userErased()]).when(command).thenThrows('user_already_exists', 'id');
  });

  it('folds into an erased user that keeps its ids, tenant and type only', () => {
    expect(foldUser([citizen(), profileUpdated({ firstName: 'Augusta' }), userErased()])).toStrictEqual({
      status: 'erased',
      id: USER,
      tenantId: TENANT,
      userType: 'CITIZEN',
      numericId: NUMERIC_ID,
      erasedAt: NOW,
    });
  });

  it('stays erased whatever a later event says', () => {
    const erased = foldUser([citizen(), userErased()]);
    expect(foldUser([profileUpdated({ firstName: 'Back' }), activated(), rolesChanged([CLERK])], erased)).toBe(erased);
  });
});
