import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isUserStream } from '@roster/domain';
import { readNotificationFile } from '@roster/messaging';
import { EgovClient, newMobile, PASSWORDS, unique } from './egov-client';
import { headOf, openEventLog } from './event-log';
import type { HttpAnswer } from './http-client';
import type { SpawnedRoster } from './roster-harness';
import { freePort, makeDataDir, spawnRoster } from './roster-harness';
import type { StoreEnv } from './store-env';
import { storeEnvFromProcess } from './store-env';

/** The server secret the suites run with (tokens survive a restart of the process on the same data). */
export const EGOV_SECRET = 'e2e-egov-secret-0123456789abcdef0123456789';

/** The bootstrap SYSTEM user (role SUPERUSER) of the state-level tenant `pb`. */
export const ADMIN = { userName: 'roster-admin', password: PASSWORDS.admin, tenantId: 'pb' } as const;

/**
 * The built all-in-one process with the egov face configured for tests: the file notifier (the suite reads
 * OTP codes from it), a fixed secret and a bootstrap SYSTEM admin. `restart` stops it and starts it again on
 * the same data, with other settings if given (e.g. a bootstrap admin of another tenant).
 */
export class EgovRoster {
  readonly notifierFile: string;
  readonly otps: OtpInbox;
  egov: EgovClient;
  private current: SpawnedRoster;
  private outputOfEarlierRuns = '';

  private constructor(
    readonly dataDir: string,
    private readonly stores: StoreEnv,
    private readonly port: number,
  ) {
    this.notifierFile = join(dataDir, 'notifications.jsonl');
    this.otps = new OtpInbox(this.notifierFile);
  }

  static async start(env: Record<string, string> = {}): Promise<EgovRoster> {
    const roster = new EgovRoster(makeDataDir(), storeEnvFromProcess(), await freePort());
    await roster.spawn(env);
    return roster;
  }

  /** Where the running process answers HTTP (`http://127.0.0.1:<port>`), for clients other than `egov`. */
  get baseUrl(): string {
    return this.current.client.baseUrl;
  }

  /** Everything the process (every run of it) wrote to stdout and stderr. */
  output(): string {
    return this.outputOfEarlierRuns + this.current.output();
  }

  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.stopProcess();
    await this.spawn(env);
  }

  async stop(): Promise<void> {
    await this.stopProcess();
    await this.stores.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Logs in the bootstrap admin and answers its access token. */
  async adminToken(tenantId: string = ADMIN.tenantId): Promise<string> {
    return tokenOf(
      await this.egov.login({ username: ADMIN.userName, password: ADMIN.password, tenantId, userType: 'SYSTEM' }),
    );
  }

  private async spawn(env: Record<string, string>): Promise<void> {
    this.current = await spawnRoster(this.dataDir, this.port, {
      ...this.stores.env,
      ROSTER_SECRET: EGOV_SECRET,
      ROSTER_NOTIFIER: 'file',
      ROSTER_NOTIFIER_FILE: this.notifierFile,
      ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
      ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
      ...env,
    });
    this.egov = this.egov ?? new EgovClient(this.current.client.baseUrl);
  }

  private async stopProcess(): Promise<void> {
    const child = this.current.process;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolveExit) => {
        const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolveExit();
        });
        child.kill('SIGTERM');
      });
    }
    this.outputOfEarlierRuns += this.current.output();
  }
}

/** OTP codes as the file notifier wrote them; each code is handed out once, oldest first. */
export class OtpInbox {
  private readonly handedOut = new Set<number>();

  constructor(private readonly file: string) {}

  /** Waits for an OTP sent to `mobileNumber` that was not handed out yet. */
  async next(mobileNumber: string, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = await readNotificationFile(this.file);
      const index = lines.findIndex(
        (line, n) => !this.handedOut.has(n) && line.kind === 'otp' && line.mobileNumber === mobileNumber,
      );
      if (index >= 0) {
        this.handedOut.add(index);
        return String(lines[index].code);
      }
      if (Date.now() > deadline) throw new Error(`no OTP was sent to ${mobileNumber} within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** Every code the notifier ever wrote (for the secrets scan). */
  async allCodes(): Promise<string[]> {
    return (await readNotificationFile(this.file))
      .filter((line) => line.kind === 'otp')
      .map((line) => String(line.code));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

// --- answers ---

/** The access token of a `/user/oauth/token` (or token-shaped `/user/citizen/_create`) answer. */
export function tokenOf(answer: HttpAnswer): string {
  if (answer.status !== 200 || typeof answer.body?.access_token !== 'string') {
    throw new Error(`expected a token answer, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body.access_token;
}

/** egov-user's token body: tokens, `ResponseInfo` and the user as `UserRequest`. */
export function expectTokenBody(answer: HttpAnswer): void {
  expect({ status: answer.status, body: answer.body }).toMatchObject({
    status: 200,
    body: {
      access_token: expect.any(String),
      token_type: expect.stringMatching(/^bearer$/i),
      refresh_token: expect.any(String),
      expires_in: expect.any(Number),
      scope: expect.any(String),
      ResponseInfo: expect.anything(),
      UserRequest: {
        id: expect.any(Number),
        uuid: expect.any(String),
        userName: expect.any(String),
        tenantId: expect.any(String),
        type: expect.any(String),
      },
    },
  });
  expect(answer.body.access_token).not.toBe(answer.body.refresh_token);
}

/** A success envelope: 200, `responseInfo` echoing the request's msgId with egov-user's status "200", and (for user answers) `user[]`. */
export function expectUsersEnvelope(answer: HttpAnswer): any[] {
  expect({ status: answer.status, body: answer.body }).toMatchObject({
    status: 200,
    body: { responseInfo: { msgId: expect.any(String), status: '200' }, user: expect.any(Array) },
  });
  return answer.body.user;
}

/**
 * The egov face's error answer with `status` (and `code`): egov-user's envelope `{ResponseInfo, Errors:[{code,
 * message,description,params}]}`, or on `/user-otp` user-otp's own `{responseInfo: null, error: {code, message,
 * fields:[{code,message,field}]}}`.
 */
export function expectEgovError(answer: HttpAnswer, status: number | number[], code?: string): void {
  const statuses = Array.isArray(status) ? status : [status];
  if (!statuses.includes(answer.status)) {
    throw new Error(`expected HTTP ${statuses.join(' or ')}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  const entry = expect.objectContaining({ code: expect.any(String), message: expect.any(String) });
  if (answer.body?.Errors === undefined && typeof answer.body?.error === 'object' && answer.body.error !== null) {
    expect(answer.body).toEqual({
      responseInfo: null,
      error: {
        code: answer.status,
        message: expect.any(String),
        description: null,
        fields: expect.arrayContaining([entry]),
      },
    });
  } else {
    expect(answer.body).toMatchObject({ ResponseInfo: expect.anything(), Errors: expect.arrayContaining([entry]) });
  }
  if (code) expect(errorCodesOf(answer)).toContain(code);
}

/** The codes of an egov error answer (either shape). */
export function errorCodesOf(answer: HttpAnswer): string[] {
  const entries: Array<{ code: string }> = answer.body?.Errors ?? answer.body?.error?.fields ?? [];
  return entries.map((entry) => entry.code);
}

/** Ids of the users of a user envelope. */
export function uuidsOf(answer: HttpAnswer): string[] {
  return (answer.body?.user ?? []).map((user: { uuid: string }) => user.uuid);
}

// --- the event log ---

/** Runs `request` and checks the event log did not grow. */
export async function expectNothingWritten<T>(dataDir: string, request: () => Promise<T>): Promise<T> {
  const before = await headOf(dataDir);
  const result = await request();
  expect({ eventLogHead: await headOf(dataDir) }).toEqual({ eventLogHead: before });
  return result;
}

/** Runs `request` and checks no user stream got an event (OTP or session streams may). */
export async function expectNoUserWritten<T>(dataDir: string, request: () => Promise<T>): Promise<T> {
  const before = await headOf(dataDir);
  const result = await request();
  expect({ userEventsWritten: await userEventTypesAfter(dataDir, before) }).toEqual({ userEventsWritten: [] });
  return result;
}

/** `stream: type` of every user-stream event after `position`. */
export async function userEventTypesAfter(dataDir: string, position: bigint | null): Promise<string[]> {
  const log = openEventLog(dataDir, EGOV_SECRET);
  const types: string[] = [];
  try {
    let after = position;
    for (let batch = await log.readAll(after, 1000); batch.length > 0; batch = await log.readAll(after, 1000)) {
      for (const event of batch) if (isUserStream(event.stream)) types.push(`${event.stream}: ${event.type}`);
      after = batch[batch.length - 1].position;
    }
  } finally {
    await log.close();
  }
  return types;
}

// --- fixtures ---

export interface Registered {
  uuid: string;
  mobileNumber: string;
  userName: string;
  password: string;
  tenantId: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers a citizen the egov way (register OTP, then `/user/citizen/_create` with `otpReference`). */
export async function registerCitizen(
  roster: EgovRoster,
  mobileNumber: string,
  tenantId: string,
  password: string,
  name = 'Asha Rani',
): Promise<Registered> {
  const sent = await roster.egov.sendOtp({ mobileNumber, tenantId, type: 'register' });
  if (sent.status !== 201) throw new Error(`register OTP: ${sent.status} ${JSON.stringify(sent.body)}`);
  const otpReference = await roster.otps.next(mobileNumber);
  const created = await roster.egov.post('/user/citizen/_create', {
    user: { name, mobileNumber, tenantId, password, otpReference, gender: 'FEMALE', type: 'CITIZEN' },
  });
  expectTokenBody(created);
  const user = created.body.UserRequest;
  return {
    uuid: user.uuid,
    mobileNumber,
    userName: user.userName,
    password,
    tenantId: user.tenantId,
    accessToken: created.body.access_token,
    refreshToken: created.body.refresh_token,
  };
}

/** An EMPLOYEE of `pb.amritsar` as `/user/users/_createnovalidate` takes it; `overrides` replace fields. */
export function employeeInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userName: `EMP${unique()}`,
    name: 'Rita Verma',
    mobileNumber: newMobile(),
    gender: 'FEMALE',
    dob: '17/05/1985',
    emailId: 'rita.verma@example.com',
    type: 'EMPLOYEE',
    tenantId: 'pb.amritsar',
    active: true,
    password: PASSWORDS.employee,
    roles: [{ code: 'EMPLOYEE', name: 'Employee', tenantId: 'pb.amritsar' }],
    ...overrides,
  };
}

/** Creates users through `/user/users/_createnovalidate` (bulk `users[]`) and answers them as the envelope lists them. */
export async function createUsers(roster: EgovRoster, token: string, users: Record<string, unknown>[]): Promise<any[]> {
  const answer = await roster.egov.post('/user/users/_createnovalidate', { users }, token);
  const created = expectUsersEnvelope(answer);
  expect(created).toHaveLength(users.length);
  return created;
}

/** Logs in a user created with `employeeInput` (or any user with a password) and answers the access token. */
export async function loginAs(roster: EgovRoster, user: Record<string, unknown>, password: string): Promise<string> {
  return tokenOf(
    await roster.egov.login({
      username: String(user.userName),
      password,
      tenantId: String(user.tenantId),
      userType: String(user.type),
    }),
  );
}
