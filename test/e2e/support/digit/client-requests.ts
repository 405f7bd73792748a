import { randomUUID } from 'node:crypto';
import { HRMS_USER, PGR_USER, PT_OWNER_INFO } from './java-readers';

/**
 * The requests DIGIT's Java clients send egov-user, built as the clients' own code builds them (docs/egov.md,
 * "What DIGIT's clients send and read"): the DIGIT e2e suites and the Java round trip of test/digit-clients both
 * send these, so a body is written once. Jackson writes every field of a POJO, nulls included, in declaration
 * order: the builders keep that order (overriding a field never moves it).
 */

type Json = Record<string, any>;

// --- headers ---

/** What the Jackson converter of a Spring RestTemplate accepts. */
export const REST_TEMPLATE_ACCEPT = 'application/json, application/*+json';

/** A DIGIT service's RestTemplate POST: the Jackson converter's content type and accept, the tracer's `x-correlation-id`. */
export function restTemplateHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', accept: REST_TEMPLATE_ACCEPT, 'x-correlation-id': randomUUID() };
}

/** zuul's AuthFilter.getUser: `POST /user/_details?access_token=` with no body, so no content type. */
export function zuulAuthFilterHeaders(): Record<string, string> {
  return { accept: REST_TEMPLATE_ACCEPT, 'x-correlation-id': randomUUID() };
}

// --- RequestInfo ---

/** services-common 1.1.x `RequestInfo` as Jackson writes it: every field, nulls included (hrms, property-services). */
export function javaRequestInfo(fields: Json = {}): Json {
  return {
    apiId: null,
    ver: null,
    ts: null,
    action: null,
    did: null,
    key: null,
    msgId: null,
    authToken: null,
    correlationId: null,
    plainAccessRequest: null,
    userInfo: null,
    ...fields,
  };
}

/** services-common 1.0.1 `RequestInfo` (pgr-services): no plainAccessRequest. */
export function javaRequestInfoV1(fields: Json = {}): Json {
  const { plainAccessRequest: _plainAccessRequest, ...rest } = javaRequestInfo(fields);
  return rest;
}

/** The RequestInfo a DIGIT module's UI puts into a create/update call it sends to that module (apiId Rainmaker …). */
export function moduleRequestInfo(action: string): Json {
  return { apiId: 'Rainmaker', ver: '.01', ts: null, action, did: '1', key: '', msgId: `${Date.now()}|en_IN` };
}

/** The DIGIT UI's RequestInfo (Request.js): apiId, the token when logged in, msgId, an empty plainAccessRequest. */
export function uiRequestInfo(authToken?: string | null): Json {
  return {
    apiId: 'Rainmaker',
    ...(authToken !== undefined ? { authToken } : {}),
    msgId: `${Date.now()}|en_IN`,
    plainAccessRequest: {},
  };
}

/**
 * The internal microservice user a service puts into `RequestInfo.userInfo` in place of the caller's (hrms with
 * decryption.abac.enable, pgr's NotificationService): services-common's `User` with id 0, type SYSTEM, the
 * uuid of the user hrms created at start-up and the INTERNAL_MICROSERVICE_ROLE of `tenantId`; no tenant of its own.
 */
export function internalMicroserviceUserInfo(tenantId: string, uuid: string | null): Json {
  return {
    id: 0,
    userName: null,
    name: null,
    type: 'SYSTEM',
    mobileNumber: null,
    emailId: null,
    roles: [{ id: null, name: 'Internal Microservice Role', code: 'INTERNAL_MICROSERVICE_ROLE', tenantId }],
    tenantId: null,
    uuid,
  };
}

// --- UserSearchRequest (zuul, pgr-services, property-services) ---

/** The UserSearchRequest POJO the three share, as Jackson writes it: every field, its defaults (fuzzyLogic false, pageSize 0, pageNumber 0, sort [name]). */
function userSearchRequest(fields: Json): Json {
  return {
    RequestInfo: null,
    uuid: null,
    id: null,
    userName: null,
    name: null,
    mobileNumber: null,
    aadhaarNumber: null,
    pan: null,
    emailId: null,
    fuzzyLogic: false,
    active: null,
    tenantId: null,
    pageSize: 0,
    pageNumber: 0,
    sort: ['name'],
    userType: null,
    roleCodes: null,
    ...fields,
  };
}

/** zuul's UserSearchRequest (UserUtils.fetchSystemUser): RequestInfo never set, so null. */
export function zuulUserSearchRequest(fields: Json): Json {
  return userSearchRequest(fields);
}

/** pgr-services' UserSearchRequest (UserService.searchUser and the like): active true and userType CITIZEN unless set otherwise. */
export function pgrUserSearchRequest(fields: Json): Json {
  return userSearchRequest({ active: true, userType: 'CITIZEN', ...fields });
}

/** property-services' UserSearchRequest as `new UserSearchRequest()` / the builder leaves it (searchByUserName). */
export function ptUserSearchRequest(fields: Json): Json {
  return userSearchRequest(fields);
}

/** property-services' `getBaseUserSearchRequest(tenantId, requestInfo)`: the request's RequestInfo, CITIZEN, active true, then `fields`. */
export function ptBaseUserSearchRequest(tenantId: string, requestInfo: Json | null, fields: Json = {}): Json {
  return ptUserSearchRequest({ RequestInfo: requestInfo, userType: 'CITIZEN', active: true, tenantId, ...fields });
}

// --- the clients' user bodies ---

/** Each of a client class's `fields` null, in declaration order. */
function allNull(fields: Record<string, unknown>): Json {
  return Object.fromEntries(Object.keys(fields).map((field) => [field, null]));
}

/** egov-hrms' `User` as Jackson writes it: every field (nulls included), then `fields`. */
export function hrmsUser(fields: Json = {}): Json {
  return { ...allNull(HRMS_USER.fields), ...fields };
}

/** property-services' `OwnerInfo` as Jackson writes it: every pt `User` field and the OwnerInfo-only ones (nulls included), then `fields`. */
export function ptOwnerInfo(fields: Json = {}): Json {
  return { ...allNull(PT_OWNER_INFO.fields), ...fields };
}

/** pgr-services' `User` (ten fields) as its createUser builds a new citizen: CITIZEN role and tenant of the state, active. */
export function pgrNewCitizen(mobileNumber: string, name: string): Json {
  return {
    ...allNull(PGR_USER.fields),
    userName: mobileNumber,
    name,
    type: 'CITIZEN',
    mobileNumber,
    roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: 'pb' }],
    tenantId: 'pb',
    active: true,
  };
}

/** egov-hrms `initalizeSystemuser`'s search for the internal user: a HashMap body. */
export function hrmsInternalUserSearch(requestInfo: Json): Json {
  return { RequestInfo: requestInfo, tenantId: 'pb', roleCodes: ['INTERNAL_MICROSERVICE_ROLE'] };
}

/** egov-hrms `initalizeSystemuser`'s create of the internal user when none is found: lower-case `user`, id 0, no password, dob or active. */
export function hrmsInternalUserCreate(requestInfo: Json): Json {
  return {
    RequestInfo: requestInfo,
    user: {
      id: 0,
      userName: 'INTERNAL_USER',
      name: 'Internal Microservice User',
      type: 'SYSTEM',
      mobileNumber: '9999999999',
      emailId: null,
      roles: [{ id: null, name: 'Internal Microservice Role', code: 'INTERNAL_MICROSERVICE_ROLE', tenantId: 'pb' }],
      tenantId: 'pb',
      uuid: null,
    },
  };
}

/** The body of egov-hrms EmployeeService.search's user lookups: a HashMap, so only these keys (no pageSize, sort or active). */
export function hrmsEmployeeSearch(requestInfo: Json, criteria: Json): Json {
  return { RequestInfo: requestInfo, userType: 'EMPLOYEE', ...criteria };
}
