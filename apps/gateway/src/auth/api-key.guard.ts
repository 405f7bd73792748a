import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyPermission, ApiKeyPrincipal } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../problems/problem';
import { UserServiceApi } from '@roster/user-service';

const PERMISSION = 'roster:permission';

/** The permission a route needs; the guard checks the caller's API key holds it. */
export const RequirePermission = (permission: ApiKeyPermission) => SetMetadata(PERMISSION, permission);

export type AuthenticatedRequest = FastifyRequest & { principal: ApiKeyPrincipal };

/** Accepts `x-api-key: <key>` or `Authorization: ApiKey <key>`. */
export function apiKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const match = /^ApiKey\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly userService: UserServiceApi,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<ApiKeyPermission | undefined>(PERMISSION, context.getHandler());
    if (!permission) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyOf(request);
    if (!key) throw unauthorized('send your API key in the x-api-key header');
    const principal = await this.userService.authenticateApiKey(key);
    if (!principal) throw unauthorized('the API key is not valid');
    if (!principal.permissions.includes(permission)) {
      throw new ProblemException(403, 'forbidden', `the API key lacks the ${permission} permission`, [
        { field: 'x-api-key', message: `missing permission ${permission}` },
      ]);
    }
    request.principal = principal;
    return true;
  }
}

function unauthorized(message: string): ProblemException {
  return new ProblemException(401, 'unauthorized', message, [{ field: 'x-api-key', message }], {
    'www-authenticate': 'ApiKey',
  });
}
