import type { FastifyRequest } from 'fastify';
import { createPermissions, erasePermissionsOfSomeType, updatePermissionsOfSomeType } from './user-permissions';

const posting = (body: unknown) => ({ body }) as FastifyRequest;

const EVERY_CREATE = ['user:create:citizen', 'user:create:employee', 'user:create:system', 'user:create:business'];

describe('createPermissions', () => {
  it("needs user:create:<type> for the new user's type, in any case", () => {
    expect(createPermissions(posting({ user_type: 'EMPLOYEE' }))).toEqual(['user:create:employee']);
    expect(createPermissions(posting({ user_type: 'business' }))).toEqual(['user:create:business']);
  });

  it('needs user:create:citizen when no type is given, as the user will be a citizen', () => {
    expect(createPermissions(posting({ first_name: 'Ada' }))).toEqual(['user:create:citizen']);
    expect(createPermissions(posting({ user_type: null }))).toEqual(['user:create:citizen']);
    expect(createPermissions(posting(undefined))).toEqual(['user:create:citizen']);
  });

  it('needs some create permission for a value that is no user type (validation answers it)', () => {
    expect(createPermissions(posting({ user_type: 'ADMIN' }))).toEqual(EVERY_CREATE);
    expect(createPermissions(posting({ user_type: 42 }))).toEqual(EVERY_CREATE);
  });
});

describe('updatePermissionsOfSomeType', () => {
  it('lists the update permission of every type', () => {
    expect(updatePermissionsOfSomeType()).toEqual([
      'user:update:citizen',
      'user:update:employee',
      'user:update:system',
      'user:update:business',
    ]);
  });
});

describe('erasePermissionsOfSomeType', () => {
  it('lists the erase permission of every type', () => {
    expect(erasePermissionsOfSomeType()).toEqual([
      'user:erase:citizen',
      'user:erase:employee',
      'user:erase:system',
      'user:erase:business',
    ]);
  });
});
