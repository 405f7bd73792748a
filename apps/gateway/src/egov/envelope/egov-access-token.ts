import type { Role } from '@roster/domain';
import { RequestRejectedError, USER_TYPES } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import type { EgovCaller, EgovUserApi } from '@roster/user-service-contract';
import type { RequestInfo } from './egov-envelope';
import type { JsonObject } from './egov-fields';
import { canonicalFields, isJsonObject } from './egov-fields';

const ACCESS_TOKEN = 'access_token';

/**
 * Where egov clients put the access token: `RequestInfo.authToken` (API calls), `access_token` as a query
 * or body field (`/user/_details`, `/user/_logout`), or `Authorization: Bearer` (OAuth2 clients). An
 * `Authorization: Basic` header is the OAuth client's own credential, not a user's token, and is ignored.
 */
export function accessTokenOf(
  request: FastifyRequest,
  requestInfo: RequestInfo | null,
  body: JsonObject,
): string | null {
  const candidates = [
    requestInfo?.authToken,
    fieldOf(request.query),
    fieldOf(body),
    bearerOf(request.headers.authorization),
  ];
  return (
    candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0) ?? null
  );
}

/**
 * Who calls. `token` (Roster standing alone): the holder of the request's access token, 401 without one.
 * `gateway` (behind DIGIT's API gateway, which checked the token and the caller's actions and removed
 * `authToken`): whoever the gateway put into `RequestInfo.userInfo`, trusted as egov-user trusts it, or an
 * in-cluster service acting as no user when there is none.
 */
export async function callerOf(
  egov: EgovUserApi,
  auth: 'token' | 'gateway',
  request: FastifyRequest,
  parsed: { requestInfo: RequestInfo | null; body: JsonObject },
): Promise<EgovCaller> {
  if (auth === 'gateway') return gatewayCaller(parsed.requestInfo?.userInfo);
  const token = accessTokenOf(request, parsed.requestInfo, parsed.body);
  if (!token) throw missingAccessToken();
  return egov.authenticate(token);
}

const USER_INFO_FIELDS = ['uuid', 'userName', 'type', 'tenantId', 'roles'] as const;
const ROLE_FIELDS = ['code', 'tenantId'] as const;

/**
 * The caller DIGIT's gateway describes in `userInfo` (egov-user's `_details` answer, so `uuid` is Roster's
 * user id). Read leniently, like the envelope's other header fields: the gateway already vouched for it.
 */
export function gatewayCaller(userInfo: JsonObject | undefined): EgovCaller {
  const fields = canonicalFields(userInfo ?? {}, USER_INFO_FIELDS);
  const type = textOf(fields.type)?.toUpperCase();
  return {
    userId: textOf(fields.uuid),
    tenantId: textOf(fields.tenantId),
    userType: USER_TYPES.find((candidate) => candidate === type) ?? null,
    userName: textOf(fields.userName),
    roles: Array.isArray(fields.roles) ? fields.roles.flatMap(roleOf) : [],
    permissions: [],
    trusted: true,
  };
}

function roleOf(value: unknown): Role[] {
  if (!isJsonObject(value)) return [];
  const { code, tenantId } = canonicalFields(value, ROLE_FIELDS);
  return typeof code === 'string' && typeof tenantId === 'string' ? [{ code, tenantId }] : [];
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function missingAccessToken(): RequestRejectedError {
  return new RequestRejectedError(
    'unauthorized',
    'InvalidAccessTokenException',
    'InvalidAccessTokenException: send the access token in RequestInfo.authToken, access_token or Authorization: Bearer',
    'RequestInfo.authToken',
  );
}

function fieldOf(source: unknown): unknown {
  return isJsonObject(source) ? canonicalFields(source, [ACCESS_TOKEN])[ACCESS_TOKEN] : undefined;
}

function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
