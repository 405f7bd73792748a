import { randomBytes, randomInt } from 'node:crypto';
import type { HttpAnswer } from './http-client';
import { HttpClient } from './http-client';

/**
 * A client of the DIGIT egov-user face as a DIGIT front end talks to it: JSON bodies wrapped with a
 * RequestInfo (the access token travels in `RequestInfo.authToken`), the form-encoded `/user/oauth/token`
 * with egov-user's fixed Basic client credentials, `/user/_details?access_token=`.
 *
 * It remembers the highest `x-consistency-token` the service answered (if it sends one) and presents it on
 * later requests, so a search sees the writes this client made before it. Every answer is kept in
 * `transcript` for the suites that scan answers for secrets.
 */

/** egov-user's UI client credentials (`egov-user-client:` with an empty secret), sent as DIGIT's UI sends them. */
export const EGOV_CLIENT_BASIC = 'Basic ZWdvdi11c2VyLWNsaWVudDo=';

export interface Transcribed {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface LoginForm {
  username: string;
  password: string;
  tenantId: string;
  userType: string;
  scope?: string;
}

export class EgovClient {
  readonly transcript: Transcribed[] = [];
  private consistencyToken: string | null = null;
  private readonly http: HttpClient;

  constructor(baseUrl: string) {
    this.http = new HttpClient(baseUrl, null);
  }

  /** A RequestInfo as DIGIT's UI builds it; `msgId` is echoed in the answer's ResponseInfo. */
  static requestInfo(authToken?: string, msgId = `${randomBytes(4).toString('hex')}|en_IN`): Record<string, unknown> {
    return { apiId: 'Rainmaker', ver: '.01', ts: Date.now(), action: '_post', did: '1', key: '', msgId, authToken };
  }

  /** POSTs `body` with a RequestInfo (carrying `token` when given) added in front of it. */
  post(path: string, body: Record<string, unknown>, token?: string): Promise<HttpAnswer> {
    return this.postRaw(path, JSON.stringify({ RequestInfo: EgovClient.requestInfo(token), ...body }));
  }

  /** POSTs exactly `rawBody` (no RequestInfo added), for malformed-input tests. */
  postRaw(path: string, rawBody: string | undefined, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.send('POST', path, rawBody, headers);
  }

  /** `/user/oauth/token`, password grant, form-encoded. */
  login(form: LoginForm): Promise<HttpAnswer> {
    return this.tokenRequest({ grant_type: 'password', scope: form.scope ?? 'read', ...form });
  }

  /** `/user/oauth/token`, refresh_token grant. */
  refresh(refreshToken: string): Promise<HttpAnswer> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'read' });
  }

  tokenRequest(fields: Record<string, string>): Promise<HttpAnswer> {
    return this.send('POST', '/user/oauth/token', new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: EGOV_CLIENT_BASIC,
    });
  }

  details(accessToken: string): Promise<HttpAnswer> {
    return this.send('POST', `/user/_details?access_token=${encodeURIComponent(accessToken)}`);
  }

  logout(accessToken: string): Promise<HttpAnswer> {
    return this.post('/user/_logout', { access_token: accessToken }, accessToken);
  }

  sendOtp(otp: {
    mobileNumber: string;
    tenantId: string;
    type: 'register' | 'login' | 'passwordreset';
    userType?: string;
  }): Promise<HttpAnswer> {
    return this.post('/user-otp/v1/_send', { otp: { userType: 'CITIZEN', ...otp } });
  }

  private async send(
    method: string,
    path: string,
    rawBody?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const consistency: Record<string, string> = this.consistencyToken
      ? { 'x-consistency-token': this.consistencyToken }
      : {};
    const answer = await this.http.send(method, path, rawBody, { ...consistency, ...headers });
    const token = answer.headers.get('x-consistency-token');
    if (token && /^\d+$/.test(token) && (!this.consistencyToken || BigInt(token) > BigInt(this.consistencyToken)))
      this.consistencyToken = token;
    this.transcript.push({
      method,
      path,
      status: answer.status,
      headers: Object.fromEntries(answer.headers.entries()),
      text: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
    });
    return answer;
  }
}

/** A fresh 10-digit mobile number (egov-user's default pattern), unlikely to repeat within a run. */
export function newMobile(): string {
  return `9${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** A short unique suffix for user names. */
export function unique(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/** Passwords that satisfy the egov policy: 8–15 characters, a digit, lower and upper case, one of @#$%. */
export const PASSWORDS = {
  admin: 'Adm1n@Roster',
  citizen: 'Citi2en@Pass',
  changed: 'Chang3d#Pass',
  reset: 'Re5et$Pass',
  employee: 'Empl0yee@Pw',
} as const;
