import { Decider } from '../decider';
import { DomainError } from '../errors';
import { ChangeParent, CreateUser, ParentFacts, UpdateProfile, UserCommand } from './user.commands';
import { ParentLinked, ProfileUpdated, UserEvent } from './user.events';
import { evolveUser, ExistingUser, initialUserState, UserState } from './user.state';
import { Profile, PROFILE_FIELDS, ProfileChanges } from './user.types';

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return createUser(command, state);
    case 'UpdateProfile':
      return updateProfile(command, requireUser(state, command.data.tenantId));
    case 'ChangeParent':
      return changeParent(command, requireUser(state, command.data.tenantId));
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};

function createUser({ data }: CreateUser, state: UserState): UserEvent[] {
  if (state.status !== 'absent') throw new DomainError('user_already_exists', `user ${data.userId} already exists`, 'id');
  const created: UserEvent = {
    type: 'UserCreated',
    data: {
      userId: data.userId,
      tenantId: data.tenantId,
      userType: data.userType,
      userName: data.userName,
      profile: data.profile,
      at: data.at,
    },
  };
  if (!data.parent) return [created];
  assertAcceptableParent(data.userId, data.tenantId, data.parent);
  return [created, parentLinked(data.userId, data.parent.id, null, data.at)];
}

function updateProfile({ data }: UpdateProfile, user: ExistingUser): UserEvent[] {
  const changes = changedFields(user.profile, data.changes);
  if (Object.keys(changes).length === 0) return [];
  const updated: ProfileUpdated = { type: 'ProfileUpdated', data: { userId: user.id, changes, at: data.at } };
  return [updated];
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
    throw new DomainError('parent_cycle', `user ${parent.id} is a descendant of ${userId}; linking would create a cycle`, 'parentId');
  }
}

// A user of another tenant is reported exactly like a missing one, so tenants cannot probe each other.
function requireUser(state: UserState, tenantId: string): ExistingUser {
  if (state.status !== 'existing' || state.tenantId !== tenantId) {
    throw new DomainError('user_not_found', 'user does not exist', 'id');
  }
  return state;
}

function parentLinked(userId: string, parentId: string, previousParentId: string | null, at: string): ParentLinked {
  return { type: 'ParentLinked', data: { userId, parentId, previousParentId, at } };
}

function changedFields(current: Profile, requested: ProfileChanges): ProfileChanges {
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    const before = (current as unknown as Record<string, unknown>)[field];
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
  return Object.fromEntries(present.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, canonical(inner)]));
}
