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
    method: 'PUT',
    url: `/users/${USER_ID}`,
    headers: {},
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

describe('UsersController GET /users/:id in the past', () => {
  const request = testDouble<AuthenticatedRequest>({
    principal: { keyHash: 'hash', tenantId: 'default', permissions: ['user:read'] },
  });

  function controllerAnswering(found: VersionedUser | null) {
    const getUserAsOf = jest.fn(async () => found);
    const getUser = jest.fn(async () => found);
    return {
      controller: new UsersController(testDouble<UserServiceApi>({ getUserAsOf, getUser })),
      getUserAsOf,
      getUser,
    };
  }
  const reply = () => {
    const headers: Record<string, string> = {};
    const double: FastifyReply = testDouble<FastifyReply>({
      header: (name: string, value: string): FastifyReply => {
        headers[name] = value;
        return double;
      },
    });
    return { double, headers };
  };
  const jane = testDouble<VersionedUser>({
    user: testDouble<VersionedUser['user']>({ id: USER_ID, firstName: 'Jane', address: null }),
    revision: 2,
  });

  it('reads the stream at the instant, normalised to UTC, and answers its revision as the ETag', async () => {
    const { controller, getUserAsOf, getUser } = controllerAnswering(jane);
    const { double, headers } = reply();
    const answer = await controller.get(request, USER_ID, { as_of: '2026-05-17T15:00:00+05:30' }, double);
    expect(getUserAsOf).toHaveBeenCalledWith('default', USER_ID, { instant: '2026-05-17T09:30:00.000Z' });
    expect(getUser).not.toHaveBeenCalled();
    expect(headers).toEqual({ etag: '"2"' });
    expect(answer).toMatchObject({ id: USER_ID, first_name: 'Jane' });
  });

  it('reads the stream at a revision', async () => {
    const { controller, getUserAsOf } = controllerAnswering(jane);
    await controller.get(request, USER_ID, { as_of_revision: '2' }, reply().double);
    expect(getUserAsOf).toHaveBeenCalledWith('default', USER_ID, { revision: 2 });
  });

  it('answers 404 when the user did not exist then', async () => {
    const { controller } = controllerAnswering(null);
    await expect(controller.get(request, USER_ID, { as_of_revision: '9' }, reply().double)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('answers 400 naming both parameters when both are given', async () => {
    const { controller, getUserAsOf } = controllerAnswering(jane);
    const refusal = controller.get(
      request,
      USER_ID,
      { as_of: '2026-05-17T09:30:00Z', as_of_revision: '1' },
      reply().double,
    );
    await expect(refusal).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'as_of' }), expect.objectContaining({ field: 'as_of_revision' })],
    });
    expect(getUserAsOf).not.toHaveBeenCalled();
  });
});
