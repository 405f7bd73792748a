import type { Decider } from '../decider';
import { DomainError, RequestRejectedError } from '../errors';
import { isLocked } from './credentials';
import { isNumericUserId, MAX_NUMERIC_USER_ID } from './numeric-user-id';
import type {
  ChangeParent,
  ChangePassword,
  ChangeRoles,
  CreateUser,
  EraseUser,
  ImportUser,
  ParentFacts,
  RecordLoginFailure,
  RecordLoginSuccess,
  SetActive,
  UnlockAccount,
  UpdateProfile,
  UserCommand,
} from './user.commands';
import type {
  ActorId,
  OtpPurpose,
  OtpVerified,
  ParentLinked,
  PasswordChanged,
  ProfileUpdated,
  UserEvent,
} from './user.events';
import type { ExistingUser, UserState } from './user.state';
import { evolveUser, initialUserState } from './user.state';
import type { Profile, ProfileChanges, Role } from './user.types';
import { PROFILE_FIELDS } from './user.types';

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return createUser(command, state);
    case 'ImportUser':
      return importUser(command, state);
    case 'EraseUser':
      return eraseUser(command, requireUser(state, command.data.tenantId));
    case 'UpdateProfile':
      return updateProfile(command, requireUser(state, command.data.tenantId));
    case 'ChangeParent':
      return changeParent(command, requireUser(state, command.data.tenantId));
    case 'ChangeRoles':
      return changeRoles(command, requireUser(state, command.data.tenantId));
    case 'SetActive':
      return setActive(command, requireUser(state, command.data.tenantId));
    case 'VerifyOtp':
      return [otpVerified(requireUser(state, command.data.tenantId), command.data, command.data.at)];
    case 'ChangePassword':
      return changePassword(command, requireUser(state, command.data.tenantId));
    case 'RecordLoginFailure':
      return recordLoginFailure(command, requireUser(state, command.data.tenantId));
    case 'RecordLoginSuccess':
      return recordLoginSuccess(command, requireUser(state, command.data.tenantId));
    case 'UnlockAccount':
      return unlockAccount(command, requireUser(state, command.data.tenantId));
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};

/**
 * Every refusal CreateUser can give for a user that does not exist yet, without deciding anything. A handler
 * checks it before it takes a numeric id, so a refused create writes nothing, not even a new block of ids.
 */
export function checkNewUser(data: Omit<CreateUser['data'], 'numericId'>): void {
  if (data.verifiedOtp) otpVerified({ id: data.userId, profile: data.profile }, data.verifiedOtp, data.at);
  if (data.parent) assertAcceptableParent(data.userId, data.tenantId, data.parent);
}

function createUser({ data }: CreateUser, state: UserState): UserEvent[] {
  if (state.status !== 'absent')
    throw new DomainError('user_already_exists', `user ${data.userId} already exists`, 'id');
  checkNewUser(data);
  // Not a refusal but a broken handler: an id outside the range would reach DIGIT clients that cannot read it.
  if (!isNumericUserId(data.numericId))
    throw new RangeError(`numericId must be an integer from 1 to ${MAX_NUMERIC_USER_ID}, got ${data.numericId}`);
  const created: UserEvent = {
    type: 'UserCreated',
    data: {
      userId: data.userId,
      tenantId: data.tenantId,
      userType: data.userType,
      userName: data.userName,
      numericId: data.numericId,
      profile: data.profile,
      roles: distinctRoles(data.roles ?? []),
      active: data.active ?? true,
      by: data.by ?? null,
      at: data.at,
    },
  };
  const events: UserEvent[] = [created];
  if (data.verifiedOtp) events.push(otpVerified({ id: data.userId, profile: data.profile }, data.verifiedOtp, data.at));
  if (data.passwordHash) events.push(passwordChanged(data.userId, data.passwordHash, 'set', data.by, data.at));
  if (data.parent) events.push(parentLinked(data.userId, data.parent.id, null, data.at));
  return events;
}

function importUser({ data }: ImportUser, state: UserState): UserEvent[] {
  if (state.status !== 'absent')
    throw new DomainError('user_already_exists', `user ${data.userId} already exists`, 'id');
  // Not a refusal but a broken importer, which checks ids before it decides.
  if (data.numericId !== null && !isNumericUserId(data.numericId))
    throw new RangeError(`numericId must be an integer from 1 to ${MAX_NUMERIC_USER_ID}, got ${data.numericId}`);
  return [{ type: 'UserImported', data: { ...data, roles: distinctRoles(data.roles) } }];
}

/** What is kept of the user is what identifies the record: a numeric id or uuid is never given to anyone else. */
function eraseUser({ data }: EraseUser, user: ExistingUser): UserEvent[] {
  return [
    {
      type: 'UserErased',
      data: {
        userId: user.id,
        tenantId: user.tenantId,
        userType: user.userType,
        numericId: user.numericId,
        by: data.by ?? null,
        at: data.at,
      },
    },
  ];
}

function updateProfile({ data }: UpdateProfile, user: ExistingUser): UserEvent[] {
  const changes = changedFields(user.profile, data.changes);
  if (Object.keys(changes).length === 0) return [];
  const updated: ProfileUpdated = {
    type: 'ProfileUpdated',
    data: { userId: user.id, changes, by: data.by ?? null, at: data.at },
  };
  return [updated];
}

function changeRoles({ data }: ChangeRoles, user: ExistingUser): UserEvent[] {
  const roles = distinctRoles(data.roles);
  if (sameRoleSet(user.roles, roles)) return [];
  return [{ type: 'RolesChanged', data: { userId: user.id, roles, by: data.by ?? null, at: data.at } }];
}

function setActive({ data }: SetActive, user: ExistingUser): UserEvent[] {
  if (user.active === data.active) return [];
  const change = { userId: user.id, by: data.by ?? null, at: data.at };
  return [data.active ? { type: 'UserActivated', data: change } : { type: 'UserDeactivated', data: change }];
}

function changePassword({ data }: ChangePassword, user: ExistingUser): UserEvent[] {
  const changed = passwordChanged(user.id, data.passwordHash, data.reason, data.by, data.at);
  return data.verifiedOtp ? [otpVerified(user, data.verifiedOtp, data.at), changed] : [changed];
}

/**
 * A failure while the account is still locked is recorded (LoginFailed, for the audit trail) but neither
 * extends the lock nor counts towards the next one: only failures after the lock ended and within the
 * window count. Otherwise anyone who knows a userName could keep its owner locked out indefinitely.
 */
function recordLoginFailure({ data }: RecordLoginFailure, user: ExistingUser): UserEvent[] {
  const failed: UserEvent = { type: 'LoginFailed', data: { userId: user.id, at: data.at } };
  if (isLocked(user, data.at)) return [failed];
  const now = Date.parse(data.at);
  const countedSince = Math.max(
    now - data.policy.windowMs,
    user.lockedUntil === null ? -Infinity : Date.parse(user.lockedUntil),
  );
  const counted = user.failedLogins.filter((failedAt) => Date.parse(failedAt) >= countedSince).length + 1;
  if (counted < data.policy.maxFailures) return [failed];
  const until = new Date(now + data.policy.lockMs).toISOString();
  return [failed, { type: 'AccountLocked', data: { userId: user.id, until, at: data.at } }];
}

/** The handler checks loginRefusal first; a success reported for a locked account is a bug and clears nothing. */
function recordLoginSuccess({ data }: RecordLoginSuccess, user: ExistingUser): UserEvent[] {
  if (isLocked(user, data.at))
    throw new RequestRejectedError('locked', 'ACCOUNT_LOCKED', 'the account is locked', 'userName');
  const events: UserEvent[] = [];
  if (user.failedLogins.length > 0)
    events.push({ type: 'LoginFailuresCleared', data: { userId: user.id, at: data.at } });
  if (user.lockedUntil !== null)
    events.push({ type: 'AccountUnlocked', data: { userId: user.id, reason: 'expired', at: data.at } });
  if (data.rehashedPassword)
    events.push({
      type: 'PasswordRehashed',
      data: { userId: user.id, passwordHash: data.rehashedPassword, at: data.at },
    });
  return events;
}

// A lock that has run out is no lock: the next successful login records it as expired.
function unlockAccount({ data }: UnlockAccount, user: ExistingUser): UserEvent[] {
  if (!isLocked(user, data.at)) return [];
  return [{ type: 'AccountUnlocked', data: { userId: user.id, reason: 'operator', by: data.by ?? null, at: data.at } }];
}

/** The OTP proved the number it was sent to; it must be the user's own mobile number. */
function otpVerified(
  user: { id: string; profile: Pick<Profile, 'mobile'> },
  otp: { mobileNumber: string; purpose: OtpPurpose },
  at: string,
): OtpVerified {
  if (!user.profile.mobile || user.profile.mobile !== otp.mobileNumber) {
    throw new RequestRejectedError(
      'invalid',
      'OTP_MOBILE_MISMATCH',
      "the OTP was not sent to the user's mobile number",
      'mobileNumber',
    );
  }
  return { type: 'OtpVerified', data: { userId: user.id, mobileNumber: otp.mobileNumber, purpose: otp.purpose, at } };
}

function passwordChanged(
  userId: string,
  passwordHash: string,
  reason: PasswordChanged['data']['reason'],
  by: ActorId | undefined,
  at: string,
): PasswordChanged {
  return { type: 'PasswordChanged', data: { userId, passwordHash, reason, by: by ?? null, at } };
}

function distinctRoles(roles: readonly Role[]): Role[] {
  const seen = new Set<string>();
  return roles.filter((role) => {
    const key = roleKey(role);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sameRoleSet(a: readonly Role[], b: readonly Role[]): boolean {
  const held = new Set(a.map(roleKey));
  return held.size === new Set(b.map(roleKey)).size && b.every((role) => held.has(roleKey(role)));
}

function roleKey(role: Role): string {
  return `${role.tenantId}\u0000${role.code}`;
}

function changeParent({ data }: ChangeParent, user: ExistingUser): UserEvent[] {
  if (data.parent === null) {
    if (user.parentId === null) return [];
    return [{ type: 'ParentUnlinked', data: { userId: user.id, previousParentId: user.parentId, at: data.at } }];
  }
  if (data.parent.id === user.parentId) return [];
  assertAcceptableParent(user.id, user.tenantId, data.parent);
  return [parentLinked(user.id, data.parent.id, user.parentId, data.at)];
}

function assertAcceptableParent(userId: string, tenantId: string, parent: ParentFacts): void {
  if (parent.id === userId) throw new DomainError('self_parent', 'a user cannot be its own parent', 'parentId');
  if (!parent.found) throw new DomainError('parent_not_found', `parent user ${parent.id} does not exist`, 'parentId');
  if (parent.tenantId !== tenantId) {
    throw new DomainError('parent_in_other_tenant', 'the parent user belongs to another tenant', 'parentId');
  }
  if (parent.lineage.includes(userId)) {
    throw new DomainError(
      'parent_cycle',
      `user ${parent.id} is a descendant of ${userId}; linking would create a cycle`,
      'parentId',
    );
  }
}

/**
 * The user a command is about. A user of another tenant is reported exactly like a missing one, so tenants cannot
 * probe each other; an erased user of the tenant is gone (410 at the edges), which a caller may know: its id was
 * real and will never name anyone else.
 */
function requireUser(state: UserState, tenantId: string): ExistingUser {
  if (state.status === 'erased' && state.tenantId === tenantId) throw userErased();
  if (state.status !== 'existing' || state.tenantId !== tenantId) {
    throw new DomainError('user_not_found', 'user does not exist', 'id');
  }
  return state;
}

/** The refusal of anything asked of an erased user. */
export function userErased(field = 'id'): DomainError {
  return new DomainError('user_erased', 'the user was erased', field);
}

function parentLinked(userId: string, parentId: string, previousParentId: string | null, at: string): ParentLinked {
  return { type: 'ParentLinked', data: { userId, parentId, previousParentId, at } };
}

function changedFields(current: Profile, requested: ProfileChanges): ProfileChanges {
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    const before = current[field];
    if (!sameValue(before, value)) changes[field] = value;
  }
  return changes as ProfileChanges;
}

// Resending the stored value is no change, even with its keys in another order or null for an absent field.
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  const present = Object.entries(value).filter(([, inner]) => inner !== null && inner !== undefined);
  return Object.fromEntries(
    present.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, canonical(inner)]),
  );
}
