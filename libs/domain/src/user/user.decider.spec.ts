import { deciderSpec } from '../testing/decider-spec';
import { ChangeParent, CreateUser, ParentFacts, UpdateProfile } from './user.commands';
import { userDecider } from './user.decider';
import { ParentLinked, ParentUnlinked, ProfileUpdated, UserCreated, UserEvent } from './user.events';
import { foldUser, initialUserState } from './user.state';
import { Profile, ProfileChanges } from './user.types';

const { given } = deciderSpec(userDecider);

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const USER = 'user-1';
const PARENT = 'parent-1';
const OTHER_PARENT = 'parent-2';
const ROOT = 'root-1';
const CREATED_AT = '2024-01-01T00:00:00.000Z';
const NOW = '2024-02-01T00:00:00.000Z';

const PROFILE: Profile = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', address: { city: 'London', country: 'GB' } };

/** A parent the handler found; `lineage` is the parent followed by its ancestors up to the root. */
const found = (id: string, ancestors: string[] = [], tenantId = TENANT): ParentFacts => ({ id, found: true, tenantId, lineage: [id, ...ancestors] });
const missing = (id: string): ParentFacts => ({ id, found: false });

const createUser = (data: Partial<CreateUser['data']> = {}): CreateUser => ({
  type: 'CreateUser',
  data: { userId: USER, tenantId: TENANT, userType: 'CITIZEN', userName: 'ada', profile: PROFILE, parent: null, at: CREATED_AT, ...data },
});
const updateProfile = (changes: ProfileChanges, tenantId = TENANT): UpdateProfile => ({
  type: 'UpdateProfile',
  data: { userId: USER, tenantId, changes, at: NOW },
});
const changeParent = (parent: ParentFacts | null, tenantId = TENANT): ChangeParent => ({
  type: 'ChangeParent',
  data: { userId: USER, tenantId, parent, at: NOW },
});

const userCreated = (data: Partial<UserCreated['data']> = {}): UserCreated => ({
  type: 'UserCreated',
  data: { userId: USER, tenantId: TENANT, userType: 'CITIZEN', userName: 'ada', profile: PROFILE, at: CREATED_AT, ...data },
});
const profileUpdated = (changes: ProfileChanges): ProfileUpdated => ({ type: 'ProfileUpdated', data: { userId: USER, changes, at: NOW } });
const parentLinked = (parentId: string, previousParentId: string | null, at = NOW): ParentLinked => ({
  type: 'ParentLinked',
  data: { userId: USER, parentId, previousParentId, at },
});
const parentUnlinked = (previousParentId: string): ParentUnlinked => ({ type: 'ParentUnlinked', data: { userId: USER, previousParentId, at: NOW } });

describe('CreateUser', () => {
  it('creates a user without a parent', () => {
    given([]).when(createUser()).then([userCreated()]);
  });

  it('creates a user without a userName', () => {
    given([]).when(createUser({ userName: null })).then([userCreated({ userName: null })]);
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
    given([]).when(createUser({ parent: missing(PARENT) })).thenThrows('parent_not_found', 'parentId');
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
});

describe('UpdateProfile', () => {
  it('records only the fields that change', () => {
    given([userCreated()])
      .when(updateProfile({ firstName: 'Ada', lastName: 'King', mobile: '+441234567890', email: 'ada@example.org' }))
      .then([profileUpdated({ lastName: 'King', mobile: '+441234567890' })]);
  });

  it('ignores fields left undefined', () => {
    given([userCreated()]).when(updateProfile({ email: undefined, lastName: 'King' })).then([profileUpdated({ lastName: 'King' })]);
  });

  it('clears an optional field set to null', () => {
    given([userCreated()]).when(updateProfile({ email: null })).then([profileUpdated({ email: null })]);
  });

  it('replaces the address as a whole', () => {
    given([userCreated()])
      .when(updateProfile({ address: { city: 'Paris', country: 'GB' } }))
      .then([profileUpdated({ address: { city: 'Paris', country: 'GB' } })]);
  });

  it('records nothing when nothing changes', () => {
    given([userCreated()]).when(updateProfile({ firstName: 'Ada', email: 'ada@example.org', address: { city: 'London', country: 'GB' } })).then([]);
  });

  it('never records a key that is not a profile field', () => {
    const smuggled = { lastName: 'Byron', password: 'Secret#123' } as unknown as ProfileChanges;
    given([userCreated()]).when(updateProfile(smuggled)).then([profileUpdated({ lastName: 'Byron' })]);
  });

  it('records nothing for an empty change set', () => {
    given([userCreated()]).when(updateProfile({})).then([]);
  });

  it('treats null and absent as the same value', () => {
    given([userCreated()]).when(updateProfile({ mobile: null, address: { city: 'London', country: 'GB', line1: null } })).then([]);
  });

  it('does not mistake a different key order for a change', () => {
    given([userCreated()]).when(updateProfile({ address: { country: 'GB', city: 'London' } })).then([]);
  });

  it('compares against the profile as already updated', () => {
    given([userCreated(), profileUpdated({ lastName: 'King' })]).when(updateProfile({ lastName: 'King' })).then([]);
  });

  it('rejects an unknown user', () => {
    given([]).when(updateProfile({ lastName: 'King' })).thenThrows('user_not_found', 'id');
  });

  it('reports a user of another tenant as not found', () => {
    given([userCreated()]).when(updateProfile({ lastName: 'King' }, OTHER_TENANT)).thenThrows('user_not_found', 'id');
  });
});

describe('ChangeParent', () => {
  it('links a user that has no parent', () => {
    given([userCreated()]).when(changeParent(found(PARENT, [ROOT]))).then([parentLinked(PARENT, null)]);
  });

  it('re-links a user and names the previous parent', () => {
    given([userCreated(), parentLinked(PARENT, null)])
      .when(changeParent(found(OTHER_PARENT, [ROOT])))
      .then([parentLinked(OTHER_PARENT, PARENT)]);
  });

  it('unlinks a user from its parent', () => {
    given([userCreated(), parentLinked(PARENT, null)]).when(changeParent(null)).then([parentUnlinked(PARENT)]);
  });

  it('records nothing when unlinking a user that has no parent', () => {
    given([userCreated()]).when(changeParent(null)).then([]);
  });

  it('records nothing when unlinking a user already unlinked', () => {
    given([userCreated(), parentLinked(PARENT, null), parentUnlinked(PARENT)]).when(changeParent(null)).then([]);
  });

  it('records nothing when the parent stays the same', () => {
    given([userCreated(), parentLinked(PARENT, null)]).when(changeParent(found(PARENT, [ROOT]))).then([]);
  });

  it('rejects the user as its own parent', () => {
    given([userCreated()]).when(changeParent(found(USER))).thenThrows('self_parent', 'parentId');
  });

  it('rejects a parent that does not exist', () => {
    given([userCreated()]).when(changeParent(missing(PARENT))).thenThrows('parent_not_found', 'parentId');
  });

  it('rejects a parent of another tenant', () => {
    given([userCreated()]).when(changeParent(found(PARENT, [], OTHER_TENANT))).thenThrows('parent_in_other_tenant', 'parentId');
  });

  it.each([
    ['a child', [USER]],
    ['a deeper descendant', [OTHER_PARENT, USER, ROOT]],
  ])('rejects %s of the user as its parent', (_, ancestors) => {
    given([userCreated()]).when(changeParent(found(PARENT, ancestors))).thenThrows('parent_cycle', 'parentId');
  });

  it('rejects an unknown user', () => {
    given([]).when(changeParent(found(PARENT))).thenThrows('user_not_found', 'id');
  });

  it('reports a user of another tenant as not found', () => {
    given([userCreated()]).when(changeParent(found(PARENT, [], OTHER_TENANT), OTHER_TENANT)).thenThrows('user_not_found', 'id');
  });
});

describe('evolveUser', () => {
  const created = {
    status: 'existing',
    id: USER,
    tenantId: TENANT,
    userType: 'CITIZEN',
    userName: 'ada',
    profile: PROFILE,
    parentId: null,
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
    expect(foldUser([userCreated(), parentLinked(PARENT, null)])).toEqual({ ...created, parentId: PARENT, updatedAt: NOW });
  });

  it('ParentLinked replaces a previous parent', () => {
    expect(foldUser([userCreated(), parentLinked(PARENT, null), parentLinked(OTHER_PARENT, PARENT)])).toEqual({
      ...created,
      parentId: OTHER_PARENT,
      updatedAt: NOW,
    });
  });

  it('ParentUnlinked clears the parent', () => {
    expect(foldUser([userCreated(), parentLinked(PARENT, null), parentUnlinked(PARENT)])).toEqual({ ...created, updatedAt: NOW });
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
