import type { Operations } from './operations';
import { longPoll, operation, patternsOf } from './operations';
import type { UserServiceApi } from './user-service-api';

/** Consistency tokens travel as decimal strings: JSON has no bigint. */
export function tokenToWire(position: bigint | undefined): string | undefined {
  return position === undefined ? undefined : position.toString();
}

export function tokenFromWire(position: string | undefined): bigint | undefined {
  return position === undefined ? undefined : BigInt(position);
}

/** The nCore face over @nestjs/microservices: pattern, payload (JSON) and answer (the port's) of each method. */
export const USER_SERVICE_OPERATIONS: Operations<UserServiceApi> = {
  health: operation(
    'users.health',
    () => ({}),
    () => [],
  ),
  authenticateApiKey: operation(
    'users.authenticate-api-key',
    (key) => ({ key }),
    ({ key }) => [key],
  ),
  createUser: operation(
    'users.create',
    (tenantId, input) => ({ tenantId, input }),
    ({ tenantId, input }) => [tenantId, input],
  ),
  updateUser: operation(
    'users.update',
    (tenantId, userId, input) => ({ tenantId, userId, input }),
    ({ tenantId, userId, input }) => [tenantId, userId, input],
  ),
  eraseUser: operation(
    'users.erase',
    (tenantId, userId, input) => ({ tenantId, userId, input }),
    ({ tenantId, userId, input }) => [tenantId, userId, input],
  ),
  getUser: operation(
    'users.get',
    (tenantId, userId, minPosition) => ({ tenantId, userId, minPosition: tokenToWire(minPosition) }),
    ({ tenantId, userId, minPosition }) => [tenantId, userId, tokenFromWire(minPosition)],
  ),
  getUserAsOf: operation(
    'users.get-as-of',
    (tenantId, userId, at) => ({ tenantId, userId, at }),
    ({ tenantId, userId, at }) => [tenantId, userId, at],
  ),
  getUserHistory: operation(
    'users.history',
    (tenantId, userId, request) => ({ tenantId, userId, request }),
    ({ tenantId, userId, request }) => [tenantId, userId, request],
  ),
  listUsers: operation(
    'users.list',
    (tenantId, page, minPosition) => ({ tenantId, page, minPosition: tokenToWire(minPosition) }),
    ({ tenantId, page, minPosition }) => [tenantId, page, tokenFromWire(minPosition)],
  ),
  searchUsers: operation(
    'users.search',
    (tenantId, criteria, page, minPosition) => ({ tenantId, criteria, page, minPosition: tokenToWire(minPosition) }),
    ({ tenantId, criteria, page, minPosition }) => [tenantId, criteria, page, tokenFromWire(minPosition)],
  ),
  listRelatives: operation(
    'users.list-relatives',
    (tenantId, relation, userId, page, minPosition) => ({
      tenantId,
      relation,
      userId,
      page,
      minPosition: tokenToWire(minPosition),
    }),
    ({ tenantId, relation, userId, page, minPosition }) => [
      tenantId,
      relation,
      userId,
      page,
      tokenFromWire(minPosition),
    ],
  ),
  readChanges: longPoll(
    operation(
      'users.changes',
      (tenantId, request) => ({ tenantId, request }),
      ({ tenantId, request }) => [tenantId, request],
    ),
    (_tenantId, request) => request.waitMs,
  ),
};

export const USER_SERVICE_PATTERNS = patternsOf(USER_SERVICE_OPERATIONS);
