import { personOf, searchPrefixOf, userIdOf } from './dataset';
import type { RequestFactory } from './load';

/** The request factories shared by the Roster scenarios and their bare-Fastify references. */

/** POST /users with a different, realistic person each time (users from `firstIndex` on). */
export function createUserRequests(firstIndex: number): RequestFactory {
  return (counter) => {
    const person = personOf(firstIndex + counter);
    const body = {
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
      mobile: person.mobile,
    };
    return { method: 'POST', path: '/users', body: JSON.stringify(body) };
  };
}

/** The same requests, each with an Idempotency-Key of its own (what a client that retries safely sends). */
export function withIdempotencyKeys(requests: RequestFactory, prefix: string): RequestFactory {
  return (counter) => ({ ...requests(counter), headers: { 'idempotency-key': `${prefix}-${counter}` } });
}

/** GET /users/:id over a fixed sample of user indexes (ids are worked out once, not per request). */
export function getUserRequests(indexes: readonly number[]): RequestFactory {
  const paths = indexes.map((index) => `/users/${userIdOf(index)}`);
  return (counter) => ({ method: 'GET', path: paths[counter % paths.length] });
}

export type SearchField = 'name' | 'email' | 'mobile';
export const SEARCH_FIELDS: readonly SearchField[] = ['name', 'email', 'mobile'];

/**
 * POST /users:search on one field, with prefixes of stored users' values, limit 20. `lastName` searches the `name`
 * field with prefixes of last names alone (what the side-by-side table with Keycloak measures).
 */
export function searchRequests(field: SearchField | 'lastName', indexes: readonly number[]): RequestFactory {
  const key = field === 'lastName' ? 'name' : field;
  const bodies = indexes.map((index, i) => JSON.stringify({ [key]: searchPrefixOf(field, index, i), limit: 20 }));
  return (counter) => ({ method: 'POST', path: '/users:search', body: bodies[counter % bodies.length] });
}

export interface Login {
  userName: string;
  password: string;
  tenantId: string;
  userType: 'CITIZEN' | 'EMPLOYEE' | 'SYSTEM';
}

/**
 * POST /user/oauth/token as DIGIT's UI and services log in: a form-encoded password grant with egov-user's client
 * credential `egov-user-client:` in a Basic Authorization header. The same user every time.
 */
export function egovLoginRequests(login: Login): RequestFactory {
  const body = new URLSearchParams({
    username: login.userName,
    password: login.password,
    grant_type: 'password',
    scope: 'read',
    tenantId: login.tenantId,
    userType: login.userType,
  }).toString();
  const headers = {
    authorization: `Basic ${Buffer.from('egov-user-client:').toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  return () => ({ method: 'POST', path: '/user/oauth/token', body, headers });
}

/** The first page (default limit 20) of a user's descendants. */
export function descendantsRequests(userIndex: number): RequestFactory {
  const path = `/users/${userIdOf(userIndex)}/descendants`;
  return () => ({ method: 'GET', path });
}
