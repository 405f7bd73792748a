import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Violations } from '../egov-errors';
import type { JsonObject } from './egov-fields';
import { canonicalFields, FieldReader, isJsonObject } from './egov-fields';

/** egov's request header object. Roster trusts only the token in it, never `userInfo` (an egov gateway fills that in). */
export interface RequestInfo {
  apiId?: string;
  ver?: string;
  ts?: number | string;
  action?: string;
  did?: string;
  key?: string;
  msgId?: string;
  authToken?: string;
  correlationId?: string;
  userInfo?: JsonObject;
}

/** egov's answer header; `msgId` echoes the request's. */
export interface ResponseInfo {
  apiId: string;
  ver: string;
  ts: number;
  resMsgId: string;
  msgId: string;
  status: string;
}

export const REQUEST_INFO = 'RequestInfo';
const REQUEST_INFO_FIELDS = [
  'apiId',
  'ver',
  'ts',
  'action',
  'did',
  'key',
  'msgId',
  'authToken',
  'correlationId',
  'userInfo',
] as const;

/** The body as an object; a missing body reads as empty (its required fields then say what is missing). */
export function egovBodyOf(request: FastifyRequest, violations: Violations): JsonObject {
  const body: unknown = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (isJsonObject(body)) return body;
  violations.add('body', 'must be a JSON object');
  return {};
}

/**
 * `RequestInfo` of a body, read leniently except for the token: egov clients fill its header fields with
 * strings or numbers as they please, and the answer only echoes them.
 */
export function requestInfoOf(value: unknown, violations: Violations, required: boolean): RequestInfo | null {
  if (value === undefined || value === null) {
    if (required) violations.missing(REQUEST_INFO);
    return null;
  }
  if (!isJsonObject(value)) {
    violations.add(REQUEST_INFO, 'must be an object');
    return null;
  }
  const reader = new FieldReader(value, REQUEST_INFO_FIELDS, violations, REQUEST_INFO);
  const text = (name: (typeof REQUEST_INFO_FIELDS)[number]) => {
    const field = reader.fields[name];
    return typeof field === 'string' || typeof field === 'number' ? String(field) : undefined;
  };
  const ts = reader.fields.ts;
  return {
    apiId: text('apiId'),
    ver: text('ver'),
    ts: typeof ts === 'number' || typeof ts === 'string' ? ts : undefined,
    action: text('action'),
    did: text('did'),
    key: text('key'),
    msgId: text('msgId'),
    authToken: reader.string('authToken') || undefined,
    correlationId: text('correlationId'),
    userInfo: isJsonObject(reader.fields.userInfo) ? reader.fields.userInfo : undefined,
  };
}

/** The `RequestInfo` of a request whatever else is wrong with it, for the error envelope's echo. */
export function requestInfoForEcho(body: unknown): RequestInfo | null {
  if (!isJsonObject(body)) return null;
  const { RequestInfo: value } = canonicalFields(body, [REQUEST_INFO]);
  return requestInfoOf(value, new Violations(), false);
}

export function responseInfoOf(
  requestInfo: RequestInfo | null,
  status: 'successful' | 'failed' | string,
): ResponseInfo {
  return {
    apiId: requestInfo?.apiId ?? '',
    ver: requestInfo?.ver ?? '',
    ts: Date.now(),
    resMsgId: randomUUID(),
    msgId: requestInfo?.msgId ?? '',
    status,
  };
}

/** A parsed egov request: its RequestInfo, its other top-level fields, and the violations found so far. */
export interface EgovRequest<K extends string> {
  requestInfo: RequestInfo | null;
  body: JsonObject;
  fields: FieldReader<K>;
  violations: Violations;
}

/**
 * Reads the body of an egov request: `RequestInfo` (required unless said otherwise) and the top-level
 * fields `names`, matched case-insensitively. Nothing is thrown yet: the caller adds its own checks and
 * then ends with `violations.throwIfAny()`, so one answer lists every problem.
 */
export function readEgovRequest<K extends string>(
  request: FastifyRequest,
  names: readonly K[],
  requestInfo: 'required' | 'optional' = 'required',
): EgovRequest<K> {
  const violations = new Violations();
  const body = egovBodyOf(request, violations);
  const { RequestInfo: info } = canonicalFields(body, [REQUEST_INFO]);
  return {
    requestInfo: requestInfoOf(info, violations, requestInfo === 'required' && !violations.any),
    body,
    fields: new FieldReader(body, names, violations),
    violations,
  };
}

/** Query parameters as an object (Fastify gives one; anything else reads as none). */
export function queryOf(request: FastifyRequest): JsonObject {
  return isJsonObject(request.query) ? request.query : {};
}
