import { EgovTokenGrant, EgovUserRecord } from '@roster/user-service';
import { egovUserOf, EgovUserJson } from '../users/egov-user.output';
import { RequestInfo, ResponseInfo, responseInfoOf } from './egov-envelope';

/** The user envelope of creates, updates and searches. */
export interface EgovUsersResponse {
  responseInfo: ResponseInfo;
  user: EgovUserJson[];
}

/** `/user/oauth/token` (and `/user/citizen/_create` with login on registration), as egov-user answers it. */
export interface EgovTokenResponse {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  expires_in: number;
  scope: string;
  ResponseInfo: ResponseInfo;
  UserRequest: EgovUserJson;
}

export interface EgovResponseInfoResponse {
  responseInfo: ResponseInfo;
}

export function egovUsersResponse(requestInfo: RequestInfo | null, users: EgovUserRecord[], lockMs: number): EgovUsersResponse {
  return { responseInfo: responseInfoOf(requestInfo, 'successful'), user: users.map((user) => egovUserOf(user, lockMs)) };
}

export function egovTokenResponse(requestInfo: RequestInfo | null, grant: EgovTokenGrant, lockMs: number): EgovTokenResponse {
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    expires_in: grant.expiresIn,
    scope: grant.scope,
    ResponseInfo: responseInfoOf(requestInfo, 'Access Token generated successfully'),
    UserRequest: egovUserOf(grant.user, lockMs),
  };
}
