import { randomUUID } from 'node:crypto';
import { EGOV_CLIENT_BASIC } from '../egov-client';
import type { OtpInbox } from '../egov-roster';
import { EgovRoster } from '../egov-roster';
import type { HttpAnswer } from '../http-client';
import { HttpClient } from '../http-client';
import { restTemplateHeaders, zuulAuthFilterHeaders } from './client-requests';
import { jacksonConvert, ZUUL_USER } from './java-readers';

/**
 * Roster as DIGIT deploys egov-user, in either of its auth modes (ROSTER_EGOV_AUTH), with the three kinds of
 * caller the DIGIT clients are:
 * - `service`: an in-cluster service (egov-hrms, pgr-services, property-services, zuul's own lookups) calling
 *   egov-user directly, with the body it builds (RequestInfo null, all-null, or the one it received);
 * - `browser`: the DIGIT UI, through the API gateway (zuul) in `gateway` mode, straight to Roster in `token` mode;
 * - `zuul`: the gateway's token lookup (`/user/_details`) and its rewriting of browser requests (its
 *   anonymous-user search is a `service` call).
 *
 * In `token` mode there is no gateway: every caller proves who it is with an access token in
 * `RequestInfo.authToken`. The in-cluster services then present a service account's token (here the bootstrap
 * SUPERUSER of `pb`) in the RequestInfo they send, which is the only change made to their bodies.
 */
export type EgovAuthMode = 'token' | 'gateway';
export const EGOV_AUTH_MODES: readonly EgovAuthMode[] = ['token', 'gateway'];

export type Json = Record<string, any>;

export class DigitDeployment {
  readonly http: HttpClient;
  readonly zuul: Zuul;

  private constructor(
    readonly roster: EgovRoster,
    readonly auth: EgovAuthMode,
    /** In `token` mode, the token in-cluster services present (the bootstrap SUPERUSER's); also the admin's token. */
    readonly adminToken: string,
  ) {
    this.http = new HttpClient(roster.baseUrl, null);
    this.zuul = new Zuul(this.http);
  }

  /** Roster set up as docs/egov-api.md's "Putting Roster in egov-user's place" says, in the given auth mode. */
  static async start(auth: EgovAuthMode): Promise<DigitDeployment> {
    const roster = await EgovRoster.start({ ROSTER_EGOV_AUTH: auth, ROSTER_MOBILE_NUMBER_UNIQUENESS: 'sign-in' });
    return new DigitDeployment(roster, auth, await roster.adminToken());
  }

  get otps(): OtpInbox {
    return this.roster.otps;
  }

  stop(): Promise<void> {
    return this.roster.stop();
  }

  /**
   * An in-cluster service's POST straight to egov-user: JSON, RestTemplate's headers, no
   * `x-pass-through-gateway`. In `token` mode the service account's token goes into the body's RequestInfo
   * (under whichever spelling the service used, created when the service sent `null` or none) unless the
   * RequestInfo already carries a token (one forwarded from an end user).
   */
  service(path: string, body: Json): Promise<HttpAnswer> {
    const sent = this.auth === 'token' ? withServiceToken(body, this.adminToken) : body;
    return this.http.send('POST', path, JSON.stringify(sent), restTemplateHeaders());
  }

  /**
   * The RequestInfo a service received with an end user's request and passes on to egov-user (hrms, pgr and
   * pt forward theirs): behind zuul `authToken` removed and `userInfo` = the zuul User of the caller; in
   * `token` mode the UI's own `authToken`. `base` holds the other RequestInfo fields, as the service's Java
   * class serialises them (nulls included).
   */
  async forwardedRequestInfo(endUserToken: string, base: Json): Promise<Json> {
    if (this.auth === 'token') return { ...base, authToken: endUserToken, userInfo: null };
    return {
      ...base,
      authToken: null,
      correlationId: randomUUID(),
      userInfo: await this.zuul.userInfoOf(endUserToken),
    };
  }

  /**
   * Whose token an in-cluster write (pgr's and property-services' creates and updates) is made with. Behind
   * zuul the end user's (it becomes userInfo, which Roster trusts). In `token` mode a holder of the permission
   * to write citizens (the bootstrap admin): the services pass on the end user's RequestInfo, but they read the
   * caller from the userInfo only zuul fills in (property-services' setOwnerFields, for one), so they cannot run
   * without the gateway anyway, and the default role catalogue lets no CSR, EMPLOYEE or CITIZEN write citizens.
   */
  writerToken(endUserToken: string): string {
    return this.auth === 'token' ? this.adminToken : endUserToken;
  }

  /** A DIGIT UI request with a JSON body: through zuul in `gateway` mode, as sent in `token` mode. */
  browser(pathAndQuery: string, body: Json): Promise<HttpAnswer> {
    if (this.auth === 'gateway') return this.zuul.forward(pathAndQuery, body);
    return this.http.send('POST', pathAndQuery, JSON.stringify(body), {
      'content-type': 'application/json',
      accept: 'application/json, text/plain, */*',
    });
  }

  /** The DIGIT UI's form-encoded `/user/oauth/token` (an open endpoint: zuul forwards it unchanged). */
  browserForm(pathAndQuery: string, form: URLSearchParams, headers: Record<string, string>): Promise<HttpAnswer> {
    const gatewayHeaders = this.auth === 'gateway' ? zuulHeaders() : {};
    return this.http.send('POST', pathAndQuery, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
      ...gatewayHeaders,
    });
  }

  /** The DIGIT UI's `authenticate(details)`: the entries of `details`, then scope=read and grant_type=password. */
  uiLogin(details: Record<string, string>): Promise<HttpAnswer> {
    const form = new URLSearchParams({ ...details, scope: 'read', grant_type: 'password' });
    return this.browserForm(`/user/oauth/token?_=${Date.now()}`, form, { authorization: EGOV_CLIENT_BASIC });
  }
}

function withServiceToken(body: Json, token: string): Json {
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'requestinfo') ?? 'RequestInfo';
  const requestInfo = body[key];
  if (requestInfo && typeof requestInfo.authToken === 'string' && requestInfo.authToken) return body;
  return { ...body, [key]: { ...(requestInfo ?? {}), authToken: token } };
}

/**
 * DIGIT's API gateway (core-services/zuul) as far as egov-user sees it: it looks the token up
 * with `POST /user/_details?access_token=` (no body, no content type), strips `authToken` and any
 * client-sent `userInfo` from non-open requests, puts its `User` serialisation of the answer into
 * `RequestInfo.userInfo`, sets `correlationId`, re-serialises the body (HashMap key order, non-ASCII
 * escaped) and adds `x-correlation-id` and `x-pass-through-gateway: true`.
 */
export class Zuul {
  static readonly OPEN_ENDPOINTS: readonly string[] = [
    '/user/oauth/token',
    '/user-otp/v1/_send',
    '/otp/v1/_validate',
    '/user/citizen/_create',
    '/user/password/nologin/_update',
  ];

  constructor(private readonly http: HttpClient) {}

  /** AuthFilter.getUser's exact call. */
  details(accessToken: string): Promise<HttpAnswer> {
    return this.http.send('POST', `/user/_details?access_token=${accessToken}`, undefined, zuulAuthFilterHeaders());
  }

  /** The `userInfo` zuul writes: its `User` read from `_details` (case-sensitive, `id` an Integer) and serialised again, `actions` left out. */
  async userInfoOf(accessToken: string): Promise<Json> {
    const answer = await this.details(accessToken);
    if (answer.status !== 200)
      throw new Error(`zuul: /user/_details answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return zuulUserInfo(answer.body);
  }

  /**
   * A body without RequestInfo, which zuul neither sanitises nor enriches: it reaches egov-user as sent, with
   * zuul's headers when `viaGateway` (else straight from the browser to Roster).
   */
  forwardUnchanged(pathAndQuery: string, body: Json, viaGateway: boolean): Promise<HttpAnswer> {
    return this.http.send('POST', pathAndQuery, JSON.stringify(body), {
      'content-type': 'application/json',
      ...(viaGateway ? zuulHeaders() : {}),
    });
  }

  /** A browser request as zuul forwards it; a rejected token gives zuul's own answer (401 with egov-user's body). */
  async forward(pathAndQuery: string, body: Json): Promise<HttpAnswer> {
    const path = pathAndQuery.split('?')[0];
    const open = Zuul.OPEN_ENDPOINTS.includes(path);
    const key = ['RequestInfo', 'requestInfo'].find((name) => body[name] && typeof body[name] === 'object');
    const forwarded: Json = JSON.parse(JSON.stringify(body));
    let userInfo: Json | null = null;
    if (!open) {
      const token = key ? forwarded[key].authToken : undefined;
      if (!token)
        throw new Error(
          `zuul: ${path} is not an open endpoint and the request carries no token (zuul answers 401 itself)`,
        );
      const details = await this.details(token);
      if (details.status !== 200) {
        const text = JSON.stringify(details.body);
        return {
          ...details,
          status: details.status < 500 && text.includes('InvalidAccessTokenException') ? 401 : details.status,
        };
      }
      userInfo = zuulUserInfo(details.body);
      delete forwarded[key as string].userInfo;
      delete forwarded[key as string].authToken;
    }
    const headers = zuulHeaders();
    if (key) {
      if (userInfo) forwarded[key].userInfo = userInfo;
      forwarded[key].correlationId = headers['x-correlation-id'];
    }
    return this.http.send('POST', pathAndQuery, zuulSerialise(forwarded), {
      'content-type': 'application/json',
      ...headers,
    });
  }
}

/** What RequestEnrichmentFilter adds to every request it forwards. */
function zuulHeaders(): Record<string, string> {
  return { 'x-correlation-id': randomUUID(), 'x-pass-through-gateway': 'true' };
}

/** zuul's `User` from a `_details` answer, serialised as `new ObjectMapper()` writes it (field order, nulls, role id null). */
export function zuulUserInfo(details: unknown): Json {
  const user = jacksonConvert(details, ZUUL_USER, '$') as Json;
  return {
    id: user.id,
    uuid: user.uuid,
    userName: user.userName,
    name: user.name,
    type: user.type,
    mobileNumber: user.mobileNumber,
    emailId: user.emailId,
    tenantId: user.tenantId,
    roles: (user.roles ?? []).map((role: Json) => ({
      id: role.id,
      name: role.name,
      code: role.code,
      tenantId: role.tenantId,
    })),
  };
}

/** The body parsed into a HashMap (top-level order not kept: here reversed) and written with ESCAPE_NON_ASCII. */
function zuulSerialise(body: Json): string {
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  return JSON.stringify(reordered).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
