import { EgovCaller, EgovLogin, EgovSearchCriteria, EgovUpdateMode, EgovUserApi, EgovUserInput } from './egov-user-api';

/** The search criteria as they travel: `lastChangedSince` as an ISO time (JSON has no dates). */
export type WireEgovSearchCriteria = Omit<EgovSearchCriteria, 'lastChangedSince'> & { lastChangedSince?: string };

/** Request payloads of the egov patterns, as JSON. Answers are the port's types, which are JSON already. */
export interface EgovWireRequests {
  authenticate: { accessToken: string };
  sendOtp: Parameters<EgovUserApi['sendOtp']>[0];
  registerCitizen: { input: EgovUserInput; login: boolean };
  createUsers: { caller: EgovCaller; inputs: EgovUserInput[] };
  updateUser: { caller: EgovCaller; input: EgovUserInput; mode: EgovUpdateMode };
  searchUsers: { caller: EgovCaller; criteria: WireEgovSearchCriteria };
  changePassword: { caller: EgovCaller; request: Parameters<EgovUserApi['changePassword']>[1] };
  resetPassword: Parameters<EgovUserApi['resetPassword']>[0];
  login: EgovLogin;
  refresh: { refreshToken: string };
  details: { accessToken: string };
  logout: { accessToken: string };
}

export function searchCriteriaToWire({ lastChangedSince, ...criteria }: EgovSearchCriteria): WireEgovSearchCriteria {
  return lastChangedSince === undefined ? criteria : { ...criteria, lastChangedSince: lastChangedSince.toISOString() };
}

export function searchCriteriaFromWire({ lastChangedSince, ...criteria }: WireEgovSearchCriteria): EgovSearchCriteria {
  return lastChangedSince === undefined ? criteria : { ...criteria, lastChangedSince: new Date(lastChangedSince) };
}
