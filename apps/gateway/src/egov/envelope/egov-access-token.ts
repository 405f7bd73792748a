import { RequestRejectedError } from '@roster/domain';
import { EgovCaller, EgovUserApi } from '@roster/user-service';
import type { FastifyRequest } from 'fastify';
import { RequestInfo } from './egov-envelope';
import { canonicalFields, isJsonObject, JsonObject } from './egov-fields';

const ACCESS_TOKEN = 'access_token';

/**
 * Where egov clients put the access token: `RequestInfo.authToken` (API calls), `access_token` as a query
 * or body field (`/user/_details`, `/user/_logout`), or `Authorization: Bearer` (OAuth2 clients). An
 * `Authorization: Basic` header is the OAuth client's own credential, not a user's token, and is ignored.
 */
export function accessTokenOf(request: FastifyRequest, requestInfo: RequestInfo | null, body: JsonObject): string | null {
  const candidates = [requestInfo?.authToken, fieldOf(request.query), fieldOf(body), bearerOf(request.headers.authorization)];
  return candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0) ?? null;
}

/** The caller behind the request's access token; 401 without one. */
export async function authenticatedCaller(
  egov: EgovUserApi,
  request: FastifyRequest,
  parsed: { requestInfo: RequestInfo | null; body: JsonObject },
): Promise<EgovCaller> {
  const token = accessTokenOf(request, parsed.requestInfo, parsed.body);
  if (!token) throw missingAccessToken();
  return egov.authenticate(token);
}

export function missingAccessToken(): RequestRejectedError {
  return new RequestRejectedError(
    'unauthorized',
    'InvalidAccessTokenException',
    'send the access token in RequestInfo.authToken, access_token or Authorization: Bearer',
    'RequestInfo.authToken',
  );
}

function fieldOf(source: unknown): unknown {
  return isJsonObject(source) ? canonicalFields(source, [ACCESS_TOKEN])[ACCESS_TOKEN] : undefined;
}

function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
