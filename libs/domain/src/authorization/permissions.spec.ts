import {
  currentPermissions,
  grants,
  grantsForEveryType,
  grantsForSomeType,
  isPermission,
  requiredPermission,
} from './permissions';
import { sameTenantFamily, stateTenantOf } from './tenants';

describe('requiredPermission', () => {
  it.each([
    ['create', 'EMPLOYEE', 'user:create:employee'],
    ['create', 'CITIZEN', 'user:create:citizen'],
    ['update', 'SYSTEM', 'user:update:system'],
    ['update', 'BUSINESS', 'user:update:business'],
    ['erase', 'EMPLOYEE', 'user:erase:employee'],
  ] as const)('%s of a %s needs %s', (action, type, permission) => {
    expect(requiredPermission(action, type)).toBe(permission);
  });
});

describe('grants', () => {
  it.each([
    [['user:read'], 'user:read'],
    [['user:create:employee'], 'user:create:employee'],
    [['user:create:*'], 'user:create:citizen'],
    [['user:*:citizen'], 'user:update:citizen'],
    [['user:*'], 'user:read'],
    [['user:*'], 'user:update:system'],
    [['user:*'], 'user:erase:citizen'],
    [['user:erase:*'], 'user:erase:business'],
    [['user:*:citizen'], 'user:erase:citizen'],
    [['*'], 'user:erase:employee'],
    [['*'], 'user:read'],
    [['*'], 'user:create:business'],
    [['user:read', 'user:update:employee'], 'user:update:employee'],
  ])('%j grants %s', (held, required) => {
    expect(grants(held, required)).toBe(true);
  });

  it.each([
    [[], 'user:read'],
    [['user:read'], 'user:create:citizen'],
    [['user:create:employee'], 'user:create:citizen'],
    [['user:create:*'], 'user:update:citizen'],
    [['user:create:*', 'user:update:*'], 'user:erase:citizen'],
    [['user:erase:employee'], 'user:erase:citizen'],
    [['user:create'], 'user:create:citizen'],
    [['user:create:citizen:extra'], 'user:create:citizen'],
    [['user:*:citizen'], 'user:read'],
    [['USER:READ'], 'user:read'],
    [['users:read'], 'user:read'],
  ])('%j does not grant %s', (held, required) => {
    expect(grants(held, required)).toBe(false);
  });
});

describe('grantsForEveryType / grantsForSomeType', () => {
  it('a wildcard grants every type', () => {
    expect(grantsForEveryType(['user:update:*'], 'update')).toBe(true);
    expect(grantsForEveryType(['*'], 'create')).toBe(true);
  });

  it('one type grants some but not every type', () => {
    expect(grantsForEveryType(['user:update:citizen'], 'update')).toBe(false);
    expect(grantsForSomeType(['user:update:citizen'], 'update')).toBe(true);
  });

  it('another action grants neither', () => {
    expect(grantsForSomeType(['user:create:*', 'user:read'], 'update')).toBe(false);
  });
});

describe('isPermission', () => {
  it.each([
    '*',
    'user:*',
    'user:read',
    'user:create:*',
    'user:update:employee',
    'user:create:citizen',
    'user:erase:*',
    'user:erase:system',
  ])('accepts %s', (permission) => {
    expect(isPermission(permission)).toBe(true);
  });

  it.each([
    '',
    'users:read',
    'users:write',
    'user',
    'user:read:citizen',
    'user:create',
    'user:create:admin',
    'user:create:EMPLOYEE',
    'user:erase',
    'user:delete:citizen',
    '*:read',
    'user:*:*:*',
  ])('rejects %j', (permission) => {
    expect(isPermission(permission)).toBe(false);
  });
});

describe('currentPermissions', () => {
  it("maps the first API keys' names to the vocabulary", () => {
    expect(currentPermissions('users:read')).toEqual(['user:read']);
    expect(currentPermissions('users:write')).toEqual(['user:create:*', 'user:update:*']);
  });

  it('keeps a permission of the vocabulary', () => {
    expect(currentPermissions('user:create:employee')).toEqual(['user:create:employee']);
  });
});

describe('tenant families', () => {
  it.each([
    ['pb.amritsar', 'pb'],
    ['pb', 'pb'],
    ['pb.amritsar.ward1', 'pb'],
  ])('the state-level tenant of %s is %s', (tenantId, state) => {
    expect(stateTenantOf(tenantId)).toBe(state);
  });

  it('groups the tenants of one state', () => {
    expect(sameTenantFamily('pb.amritsar', 'pb.jalandhar')).toBe(true);
    expect(sameTenantFamily('pb', 'pb.jalandhar')).toBe(true);
  });

  it('separates states, also when one name starts with the other', () => {
    expect(sameTenantFamily('pb.amritsar', 'hr.amritsar')).toBe(false);
    expect(sameTenantFamily('pb', 'pbx')).toBe(false);
  });
});
