import type { EgovSearchCriteria, EgovUserApi } from './egov-user-api';
import type { Operations } from './operations';
import { operation, patternsOf } from './operations';

/** The search criteria as they travel: `lastChangedSince` as an ISO time (JSON has no dates). */
export type WireEgovSearchCriteria = Omit<EgovSearchCriteria, 'lastChangedSince'> & { lastChangedSince?: string };

export function searchCriteriaToWire({ lastChangedSince, ...criteria }: EgovSearchCriteria): WireEgovSearchCriteria {
  return lastChangedSince === undefined ? criteria : { ...criteria, lastChangedSince: lastChangedSince.toISOString() };
}

export function searchCriteriaFromWire({ lastChangedSince, ...criteria }: WireEgovSearchCriteria): EgovSearchCriteria {
  return lastChangedSince === undefined ? criteria : { ...criteria, lastChangedSince: new Date(lastChangedSince) };
}

/** The egov face over @nestjs/microservices: pattern, payload (JSON, times as ISO strings) and answer of each method. */
export const EGOV_USER_OPERATIONS: Operations<EgovUserApi> = {
  authenticate: operation(
    'egov.authenticate',
    (accessToken) => ({ accessToken }),
    ({ accessToken }) => [accessToken],
  ),
  sendOtp: operation(
    'egov.send-otp',
    (request) => request,
    (request) => [request],
    true,
  ),
  registerCitizen: operation(
    'egov.register-citizen',
    (input, login) => ({ input, login }),
    ({ input, login }) => [input, login],
  ),
  createUsers: operation(
    'egov.create-users',
    (caller, inputs, idempotencyKey) => ({ caller, inputs, idempotencyKey }),
    ({ caller, inputs, idempotencyKey }) => [caller, inputs, idempotencyKey],
  ),
  updateUser: operation(
    'egov.update-user',
    (caller, input, mode) => ({ caller, input, mode }),
    ({ caller, input, mode }) => [caller, input, mode],
  ),
  searchUsers: operation(
    'egov.search-users',
    (caller, criteria) => ({ caller, criteria: searchCriteriaToWire(criteria) }),
    ({ caller, criteria }) => [caller, searchCriteriaFromWire(criteria)],
  ),
  changePassword: operation(
    'egov.change-password',
    (caller, request) => ({ caller, request }),
    ({ caller, request }) => [caller, request],
    true,
  ),
  resetPassword: operation(
    'egov.reset-password',
    (request) => request,
    (request) => [request],
    true,
  ),
  login: operation(
    'egov.login',
    (request) => request,
    (request) => [request],
  ),
  refresh: operation(
    'egov.refresh',
    (refreshToken) => ({ refreshToken }),
    ({ refreshToken }) => [refreshToken],
  ),
  details: operation(
    'egov.details',
    (accessToken) => ({ accessToken }),
    ({ accessToken }) => [accessToken],
  ),
  logout: operation(
    'egov.logout',
    (accessToken) => ({ accessToken }),
    ({ accessToken }) => [accessToken],
    true,
  ),
};

export const EGOV_USER_PATTERNS = patternsOf(EGOV_USER_OPERATIONS);
