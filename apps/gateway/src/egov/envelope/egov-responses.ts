import type { EgovTokenGrant, EgovUserRecord } from '@roster/user-service-contract';
import type { EgovAnswerOptions, EgovTokenUserJson, EgovUserJson } from '../users/egov-user.output';
import { egovTokenUserOf, egovUserOf } from '../users/egov-user.output';
import type { RequestInfo, ResponseInfo } from './egov-envelope';
import { responseInfoOf } from './egov-envelope';

/** egov-user's `responseInfo.status` on success; the DIGIT UI tests `status === "200"`. */
export const EGOV_SUCCESS = '200';

/** The user envelope of creates, updates and searches. */
export interface EgovUsersResponse {
  responseInfo: ResponseInfo;
  user: EgovUserJson[];
}

/** The token answer's ResponseInfo: Spring's token endpoint wrote a map with snake_case keys and an empty `ts`. */
export interface EgovTokenResponseInfo {
  api_id: string;
  ver: string;
  ts: string;
  res_msg_id: string;
  msg_id: string;
  status: string;
}

/** `/user/oauth/token` (and `/user/citizen/_create` with login on registration), as egov-user answers it. */
export interface EgovTokenResponse {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  expires_in: number;
  scope: string;
  ResponseInfo: EgovTokenResponseInfo;
  UserRequest: EgovTokenUserJson;
}

export interface EgovResponseInfoResponse {
  responseInfo: ResponseInfo;
}

export function egovUsersResponse(
  requestInfo: RequestInfo | null,
  users: EgovUserRecord[],
  options: EgovAnswerOptions,
): EgovUsersResponse {
  return {
    responseInfo: responseInfoOf(requestInfo, EGOV_SUCCESS),
    user: users.map((user) => egovUserOf(user, options)),
  };
}

export function egovTokenResponse(grant: EgovTokenGrant): EgovTokenResponse {
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    expires_in: grant.expiresIn,
    scope: grant.scope,
    ResponseInfo: {
      api_id: '',
      ver: '',
      ts: '',
      res_msg_id: '',
      msg_id: '',
      status: 'Access Token generated successfully',
    },
    UserRequest: egovTokenUserOf(grant.user),
  };
}
