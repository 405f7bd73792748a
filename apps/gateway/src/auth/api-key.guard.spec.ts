import type { ExecutionContext } from '@nestjs/common';
import type { HttpArgumentsHost } from '@nestjs/common/interfaces';
import { Reflector } from '@nestjs/core';
import type { ApiKeyPrincipal } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import type { UserServiceApi } from '@roster/user-service-contract';
import { ProblemException } from '../problems/problem';
import type { AuthenticatedRequest, PermissionRequirement } from './api-key.guard';
import { ApiKeyGuard, assertGranted, RequirePermission } from './api-key.guard';
import { createPermissions } from './user-permissions';
import { testDouble } from '../testing/test-double';

const KEY = 'rk_test';

function principal(permissions: string[]): ApiKeyPrincipal {
  return { keyHash: 'hash', tenantId: 'default', permissions };
}

/** A guard whose only key is KEY with `permissions`, run for a handler decorated with `requirement`. */
async function guardFor(
  requirement: PermissionRequirement | undefined,
  permissions: string[],
  request: Partial<FastifyRequest>,
) {
  class Handlers {
    route(): void {}
  }
  if (requirement !== undefined)
    RequirePermission(requirement)(
      Handlers.prototype,
      'route',
      Object.getOwnPropertyDescriptor(Handlers.prototype, 'route')!,
    );
  const userService = testDouble<UserServiceApi>({
    authenticateApiKey: async (key: string) => (key === KEY ? principal(permissions) : null),
  });
  const full = { headers: {}, ...request } as AuthenticatedRequest;
  const context = testDouble<ExecutionContext>({
    getHandler: () => Handlers.prototype.route,
    switchToHttp: () => testDouble<HttpArgumentsHost>({ getRequest: <T>() => full as T }),
  });
  const outcome = await new ApiKeyGuard(new Reflector(), userService).canActivate(context).then(
    (passed) => ({ passed, status: 200 }),
    (error: unknown) => ({ passed: false, status: error instanceof ProblemException ? error.status : -1 }),
  );
  return { ...outcome, request: full };
}

const withKey = (body?: unknown): Partial<FastifyRequest> => ({ headers: { 'x-api-key': KEY }, body });

describe('ApiKeyGuard', () => {
  it('lets a route without a requirement through unauthenticated', async () => {
    expect(await guardFor(undefined, [], {})).toMatchObject({ passed: true });
  });

  it('answers 401 without a key or with an unknown one', async () => {
    expect(await guardFor('user:read', ['*'], {})).toMatchObject({ status: 401 });
    expect(await guardFor('user:read', ['*'], { headers: { 'x-api-key': 'rk_other' } })).toMatchObject({ status: 401 });
  });

  it('accepts the key in the Authorization header', async () => {
    expect(await guardFor('user:read', ['user:read'], { headers: { authorization: `ApiKey ${KEY}` } })).toMatchObject({
      passed: true,
    });
  });

  it('lets a key holding the permission through and attaches its principal', async () => {
    const outcome = await guardFor('user:read', ['user:read'], withKey());
    expect(outcome.passed).toBe(true);
    expect(outcome.request.principal).toEqual(principal(['user:read']));
  });

  it('honours wildcards', async () => {
    expect(await guardFor('user:read', ['*'], withKey())).toMatchObject({ passed: true });
    expect(await guardFor('user:read', ['user:*'], withKey())).toMatchObject({ passed: true });
  });

  it('answers 403 to a key without the permission', async () => {
    expect(await guardFor('user:read', ['user:create:*'], withKey())).toMatchObject({ status: 403 });
  });

  it('checks a requirement computed from the request', async () => {
    expect(
      await guardFor(createPermissions, ['user:create:employee'], withKey({ user_type: 'EMPLOYEE' })),
    ).toMatchObject({ passed: true });
    expect(
      await guardFor(createPermissions, ['user:create:employee'], withKey({ user_type: 'CITIZEN' })),
    ).toMatchObject({ status: 403 });
  });
});

describe('assertGranted', () => {
  it('passes when one of the acceptable permissions is granted', () => {
    expect(() =>
      assertGranted(principal(['user:update:citizen']), ['user:update:employee', 'user:update:citizen']),
    ).not.toThrow();
  });

  it('throws a 403 problem naming the missing permission', () => {
    expect(() => assertGranted(principal(['user:read']), ['user:update:employee'])).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'forbidden',
        errors: [{ field: 'x-api-key', message: 'missing permission user:update:employee' }],
      }),
    );
  });
});
