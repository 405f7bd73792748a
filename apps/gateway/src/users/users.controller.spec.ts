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

/** The permission checks of DELETE /users/:id, and what it answers once the user-service erased the user. */
async function deleteAs(permissions: string[], stored: { userType: string } | null) {
  const getUser = jest.fn(async () =>
    stored
      ? testDouble<VersionedUser>({
          user: testDouble<VersionedUser['user']>(stored as Partial<VersionedUser['user']>),
          revision: 1,
        })
      : null,
  );
  const eraseUser = jest.fn(async () => ({ position: '42', revision: 3 }));
  const headers: Record<string, string> = {};
  const reply = testDouble<FastifyReply>({
    header: (name: string, value: string): FastifyReply => {
      headers[name] = value;
      return reply;
    },
  });
  const request = testDouble<AuthenticatedRequest>({
    principal: { keyHash: 'hash', tenantId: 'default', permissions },
    headers: {},
  });
  const outcome = await new UsersController(testDouble<UserServiceApi>({ getUser, eraseUser }))
    .erase(request, USER_ID, reply)
    .then(
      (body) => ({ erased: body === undefined }),
      (error: unknown) => (error instanceof ProblemException ? error.status : error),
    );
  return { outcome, lookedUp: getUser.mock.calls.length > 0, erasures: eraseUser.mock.calls, headers };
}

describe('UsersController DELETE /users/:id', () => {
  it('erases with no body and the consistency token of the erasure, naming the acting key', async () => {
    const { outcome, lookedUp, erasures, headers } = await deleteAs(['user:erase:*'], null);
    expect(outcome).toEqual({ erased: true });
    expect(lookedUp).toBe(false);
    expect(erasures).toEqual([['default', USER_ID, { apiKeyId: expect.any(String) }]]);
    expect(headers).toEqual({ 'x-consistency-token': '42' });
  });

  it('lets user:* and * erase every type without reading the user', async () => {
    expect((await deleteAs(['user:*'], null)).outcome).toEqual({ erased: true });
    expect((await deleteAs(['*'], null)).lookedUp).toBe(false);
  });

  it("lets a key through that may erase the user's type, and refuses one that may erase only others", async () => {
    expect(await deleteAs(['user:erase:employee'], { userType: 'EMPLOYEE' })).toMatchObject({
      outcome: { erased: true },
      lookedUp: true,
    });
    expect(await deleteAs(['user:erase:citizen'], { userType: 'EMPLOYEE' })).toMatchObject({
      outcome: 403,
      erasures: [],
    });
  });

  it('does not let create and update permissions erase', async () => {
    expect(await deleteAs(['user:create:*', 'user:update:*', 'user:read'], { userType: 'CITIZEN' })).toMatchObject({
      outcome: 403,
      erasures: [],
    });
  });

  it('answers 404 for a user it cannot find', async () => {
    expect(await deleteAs(['user:erase:citizen'], null)).toMatchObject({ outcome: 404, erasures: [] });
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
