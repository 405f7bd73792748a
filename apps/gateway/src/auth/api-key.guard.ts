import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyPrincipal, grants, Permission } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import { UserServiceApi } from '@roster/user-service-contract';
import { ProblemException } from '../problems/problem';

const PERMISSION = 'roster:permission';

/**
 * What a route needs: one permission, or, when it depends on the request (the type of the user a POST
 * creates), the permissions any one of which lets the request through.
 */
export type PermissionRequirement = Permission | ((request: FastifyRequest) => readonly Permission[]);

/** The permission a route needs; the guard checks the caller's API key grants it (wildcards included). */
export const RequirePermission = (requirement: PermissionRequirement) => SetMetadata(PERMISSION, requirement);

export type AuthenticatedRequest = FastifyRequest & { principal: ApiKeyPrincipal };

/** Accepts `x-api-key: <key>` or `Authorization: ApiKey <key>`. */
export function apiKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const match = /^ApiKey\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** 403 unless the key grants one of `acceptable`; for checks a handler can only make after reading data. */
export function assertGranted(principal: ApiKeyPrincipal, acceptable: readonly Permission[]): void {
  if (acceptable.some((permission) => grants(principal.permissions, permission))) return;
  const wanted = acceptable.join(' or ');
  throw new ProblemException(403, 'forbidden', `the API key lacks the ${wanted} permission`, [
    { field: 'x-api-key', message: `missing permission ${wanted}` },
  ]);
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly userService: UserServiceApi,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<PermissionRequirement | undefined>(PERMISSION, context.getHandler());
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyOf(request);
    if (!key) throw unauthorized('send your API key in the x-api-key header');
    const principal = await this.userService.authenticateApiKey(key);
    if (!principal) throw unauthorized('the API key is not valid');
    assertGranted(principal, typeof requirement === 'string' ? [requirement] : requirement(request));
    request.principal = principal;
    return true;
  }
}

function unauthorized(message: string): ProblemException {
  return new ProblemException(401, 'unauthorized', message, [{ field: 'x-api-key', message }], {
    'www-authenticate': 'ApiKey',
  });
}
