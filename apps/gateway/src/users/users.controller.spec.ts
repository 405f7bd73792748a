import type { FastifyReply } from 'fastify';
import type { UserServiceApi, VersionedUser } from '@roster/user-service-contract';
import { ProblemException } from '../problems/problem';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { UsersController } from './users.controller';
import { testDouble } from '../testing/test-double';

const USER_ID = '6f1c2a53-0b55-4a3e-9d1f-3a4c2d5e6f70';
const REACHED_UPDATE = new Error('reached updateUser');

/** The permission checks of PUT /users/:id before the update itself (which here always throws REACHED_UPDATE). */
async function putAs(permissions: string[], stored: { userType: string } | null) {
  const getUser = jest.fn(async () =>
    stored
      ? testDouble<VersionedUser>({
          user: testDouble<VersionedUser['user']>(stored as Partial<VersionedUser['user']>),
          revision: 1,
        })
      : null,
  );
  const userService = testDouble<UserServiceApi>({
    getUser,
    updateUser: async () => {
      throw REACHED_UPDATE;
    },
  });
  const request = testDouble<AuthenticatedRequest>({
    principal: { keyHash: 'hash', tenantId: 'default', permissions },
  });
  const outcome = await new UsersController(userService).update(request, USER_ID, {}, {} as FastifyReply).then(
    () => 'updated',
    (error: unknown) =>
      error === REACHED_UPDATE ? 'updated' : error instanceof ProblemException ? error.status : error,
  );
  return { outcome, lookedUp: getUser.mock.calls.length > 0 };
}

describe('UsersController PUT /users/:id permissions', () => {
  it('lets a key that may update every type through without reading the user', async () => {
    expect(await putAs(['user:update:*'], null)).toEqual({ outcome: 'updated', lookedUp: false });
    expect(await putAs(['*'], null)).toEqual({ outcome: 'updated', lookedUp: false });
  });

  it("lets a key through that may update the user's type", async () => {
    expect(await putAs(['user:update:employee'], { userType: 'EMPLOYEE' })).toEqual({
      outcome: 'updated',
      lookedUp: true,
    });
  });

  it('answers 403 to a key that may update only other types', async () => {
    expect(await putAs(['user:update:citizen'], { userType: 'EMPLOYEE' })).toEqual({ outcome: 403, lookedUp: true });
  });

  it('answers 404 for a user it cannot find', async () => {
    expect(await putAs(['user:update:citizen'], null)).toEqual({ outcome: 404, lookedUp: true });
  });
});
