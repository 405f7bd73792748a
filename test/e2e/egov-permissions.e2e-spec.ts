import { randomUUID } from 'node:crypto';
import type { EgovClient } from './support/egov-client';
import { newMobile, PASSWORDS, unique } from './support/egov-client';
import type { HttpAnswer } from './support/http-client';
import type { Registered } from './support/egov-roster';
import {
  ADMIN,
  createUsers,
  EgovRoster,
  employeeInput,
  expectEgovError,
  expectNothingWritten,
  expectNoUserWritten,
  expectUsersEnvelope,
  loginAs,
  registerCitizen,
  uuidsOf,
} from './support/egov-roster';

/**
 * Who may do what on the egov-user face: every caller kind against every endpoint that takes a caller.
 * The foreign callers belong to tenant `hr`, every target to `pb`: they never see a target and never change
 * one (the event log does not grow), and a foreign target is answered exactly like a missing one.
 */

type Caller = 'none' | 'citizen' | 'employee' | 'hrmsAdmin' | 'system' | 'foreignAdmin' | 'foreignCitizen';

/**
 * ok: 200 (reads: the targets are in the answer). unauthenticated: 401. forbidden: 403. denied: 403 or 404.
 * hidden: answered exactly like the same request for a user that does not exist (writes) / never listed (reads).
 * All but ok write nothing.
 */
type Outcome = 'ok' | 'unauthenticated' | 'forbidden' | 'denied' | 'hidden';

interface Endpoint {
  /** Sends the request as `token`; `targetUuid` replaced by a random uuid for the "missing user" comparison. */
  send(token: string | undefined, targetUuid?: string): Promise<HttpAnswer>;
  read?: boolean;
}

const FOREIGN_ADMIN = { userName: 'hr-admin', password: PASSWORDS.admin, tenantId: 'hr' } as const;

describe('egov permission matrix', () => {
  let roster: EgovRoster;
  let egov: EgovClient;
  const tokens = {} as Record<Caller, string | undefined>;
  const own = {} as Record<Caller, string>;
  let victim: Registered;
  let targetEmployee: Record<string, any>;

  beforeAll(async () => {
    roster = await EgovRoster.start();
    egov = roster.egov;
    // A bootstrap admin of tenant `hr` too: the same process restarted with another bootstrap setting.
    await roster.restart({
      ROSTER_BOOTSTRAP_ADMIN_USERNAME: FOREIGN_ADMIN.userName,
      ROSTER_BOOTSTRAP_ADMIN_PASSWORD: FOREIGN_ADMIN.password,
      ROSTER_BOOTSTRAP_ADMIN_TENANT: FOREIGN_ADMIN.tenantId,
    });
    egov = roster.egov;

    tokens.none = undefined;
    const system = await egov.login({
      username: ADMIN.userName,
      password: ADMIN.password,
      tenantId: 'pb',
      userType: 'SYSTEM',
    });
    tokens.system = system.body.access_token;
    own.system = system.body.UserRequest.uuid;
    const foreignAdmin = await egov.login({
      username: FOREIGN_ADMIN.userName,
      password: FOREIGN_ADMIN.password,
      tenantId: 'hr',
      userType: 'SYSTEM',
    });
    tokens.foreignAdmin = foreignAdmin.body.access_token;
    own.foreignAdmin = foreignAdmin.body.UserRequest.uuid;

    const citizen = await registerCitizen(roster, newMobile(), 'pb.amritsar', PASSWORDS.citizen, 'Chandra Citizen');
    [tokens.citizen, own.citizen] = [citizen.accessToken, citizen.uuid];
    const foreignCitizen = await registerCitizen(roster, newMobile(), 'hr', PASSWORDS.citizen, 'Farah Foreign');
    [tokens.foreignCitizen, own.foreignCitizen] = [foreignCitizen.accessToken, foreignCitizen.uuid];
    victim = await registerCitizen(roster, newMobile(), 'pb', PASSWORDS.citizen, 'Vikram Victim');

    const hrmsAdmin = employeeInput({
      name: 'Harpreet Admin',
      roles: [{ code: 'HRMS_ADMIN', tenantId: 'pb.amritsar' }],
    });
    const employee = employeeInput({ name: 'Emil Employee' });
    const target = employeeInput({ name: 'Tara Target' });
    const created = await createUsers(roster, tokens.system as string, [hrmsAdmin, employee, target]);
    [own.hrmsAdmin, own.employee] = [created[0].uuid, created[1].uuid];
    targetEmployee = created[2];
    tokens.hrmsAdmin = await loginAs(roster, hrmsAdmin, PASSWORDS.employee);
    tokens.employee = await loginAs(roster, employee, PASSWORDS.employee);
  });
  afterAll(() => roster.stop());

  const searchBy =
    (path: string, tenantId: () => string, uuid: () => string): Endpoint['send'] =>
    (token, targetUuid) =>
      egov.post(path, { tenantId: tenantId(), uuid: [targetUuid ?? uuid()] }, token);

  const endpoints: Record<string, Endpoint> = {
    'search a pb citizen (/user/_search)': {
      read: true,
      send: searchBy(
        '/user/_search',
        () => 'pb',
        () => victim.uuid,
      ),
    },
    'search a pb citizen (/user/v1/_search)': {
      read: true,
      send: searchBy(
        '/user/v1/_search',
        () => 'pb',
        () => victim.uuid,
      ),
    },
    'search a pb citizen (/user/citizen/_search)': {
      read: true,
      send: searchBy(
        '/user/citizen/_search',
        () => 'pb',
        () => victim.uuid,
      ),
    },
    'search a pb.amritsar employee (/user/_search)': {
      read: true,
      send: searchBy(
        '/user/_search',
        () => 'pb.amritsar',
        () => targetEmployee.uuid,
      ),
    },
    'create an EMPLOYEE (/user/users/_createnovalidate)': {
      send: (token) =>
        egov.post('/user/users/_createnovalidate', { user: employeeInput({ name: 'New Employee' }) }, token),
    },
    'create a CITIZEN (/user/users/_createnovalidate)': {
      send: (token) =>
        egov.post(
          '/user/users/_createnovalidate',
          {
            user: employeeInput({
              name: 'New Citizen',
              type: 'CITIZEN',
              tenantId: 'pb',
              userName: newMobile(),
              roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
            }),
          },
          token,
        ),
    },
    'create a SYSTEM user (/user/users/_createnovalidate)': {
      send: (token) =>
        egov.post(
          '/user/users/_createnovalidate',
          {
            user: employeeInput({
              name: 'New System',
              type: 'SYSTEM',
              tenantId: 'pb',
              roles: [{ code: 'SYSTEM', tenantId: 'pb' }],
            }),
          },
          token,
        ),
    },
    'update an employee (/user/users/_updatenovalidate)': {
      send: (token, targetUuid) =>
        egov.post(
          '/user/users/_updatenovalidate',
          {
            user: {
              uuid: targetUuid ?? targetEmployee.uuid,
              userName: targetEmployee.userName,
              name: `Tara Target ${unique()}`,
              mobileNumber: targetEmployee.mobileNumber,
              type: 'EMPLOYEE',
              tenantId: 'pb.amritsar',
              roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
            },
          },
          token,
        ),
    },
    'update a citizen (/user/citizen/_update)': {
      send: (token, targetUuid) =>
        egov.post(
          '/user/citizen/_update',
          {
            user: {
              uuid: targetUuid ?? victim.uuid,
              name: `Vikram Victim ${unique()}`,
              mobileNumber: victim.mobileNumber,
              tenantId: 'pb',
              type: 'CITIZEN',
            },
          },
          token,
        ),
    },
    "update another user's profile (/user/profile/_update)": {
      send: (token, targetUuid) =>
        egov.post(
          '/user/profile/_update',
          { user: { uuid: targetUuid ?? victim.uuid, name: 'Hijacked Name', tenantId: 'pb', type: 'CITIZEN' } },
          token,
        ),
    },
  };

  const matrix: Record<string, Record<Caller, Outcome>> = {
    'search a pb citizen (/user/_search)': row('ok', {
      citizen: 'hidden',
      foreignAdmin: 'hidden',
      foreignCitizen: 'hidden',
    }),
    'search a pb citizen (/user/v1/_search)': row('ok', {
      citizen: 'hidden',
      foreignAdmin: 'hidden',
      foreignCitizen: 'hidden',
    }),
    'search a pb citizen (/user/citizen/_search)': row('ok', {
      citizen: 'hidden',
      foreignAdmin: 'hidden',
      foreignCitizen: 'hidden',
    }),
    'search a pb.amritsar employee (/user/_search)': row('ok', {
      citizen: 'hidden',
      foreignAdmin: 'hidden',
      foreignCitizen: 'hidden',
    }),
    'create an EMPLOYEE (/user/users/_createnovalidate)': row('forbidden', {
      hrmsAdmin: 'ok',
      system: 'ok',
      foreignAdmin: 'denied',
    }),
    'create a CITIZEN (/user/users/_createnovalidate)': row('forbidden', {
      hrmsAdmin: 'ok',
      system: 'ok',
      foreignAdmin: 'denied',
    }),
    'create a SYSTEM user (/user/users/_createnovalidate)': row('forbidden', { system: 'ok', foreignAdmin: 'denied' }),
    'update an employee (/user/users/_updatenovalidate)': row('forbidden', {
      citizen: 'denied',
      hrmsAdmin: 'ok',
      system: 'ok',
      foreignAdmin: 'hidden',
      foreignCitizen: 'denied',
    }),
    'update a citizen (/user/citizen/_update)': row('forbidden', {
      citizen: 'denied',
      hrmsAdmin: 'ok',
      system: 'ok',
      foreignAdmin: 'hidden',
      foreignCitizen: 'denied',
    }),
    "update another user's profile (/user/profile/_update)": row('denied', {
      foreignAdmin: 'hidden',
      foreignCitizen: 'hidden',
    }),
  };

  const cells = Object.entries(matrix).flatMap(([endpoint, outcomes]) =>
    (Object.entries(outcomes) as [Caller, Outcome][]).map(([caller, outcome]) => [endpoint, caller, outcome] as const),
  );

  it.each(cells)('%s as %s: %s', async (endpointName, caller, outcome) => {
    const endpoint = endpoints[endpointName];
    const token = tokens[caller];
    if (outcome === 'ok') {
      const answer = await endpoint.send(token);
      const users = expectUsersEnvelope(answer);
      if (endpoint.read) expect(users.length).toBeGreaterThan(0);
      return;
    }
    const answer = await expectNothingWritten(roster.dataDir, () => endpoint.send(token));
    if (endpoint.read && outcome === 'hidden') {
      // Never listed: an empty list, or refused like any search outside the caller's reach.
      if (answer.status === 200) expect(uuidsOf(answer)).toEqual([]);
      else expectEgovError(answer, [403, 404]);
      return;
    }
    if (outcome === 'unauthenticated') return expectEgovError(answer, 401);
    if (outcome === 'forbidden') return expectEgovError(answer, 403);
    expectEgovError(answer, [403, 404]);
    if (outcome === 'hidden') {
      const missing = await expectNothingWritten(roster.dataDir, () => endpoint.send(token, randomUUID()));
      expect({ status: answer.status, codes: codes(answer) }).toEqual({
        status: missing.status,
        codes: codes(missing),
      });
    }
  });

  it('a foreign caller searching its own tenant never lists a pb user', async () => {
    for (const caller of ['foreignAdmin', 'foreignCitizen'] as const) {
      for (const path of ['/user/_search', '/user/v1/_search', '/user/citizen/_search']) {
        const answer = await egov.post(
          path,
          { tenantId: 'hr', uuid: [victim.uuid, targetEmployee.uuid] },
          tokens[caller],
        );
        expect({ caller, path, uuids: uuidsOf(answer), status: answer.status }).toEqual({
          caller,
          path,
          uuids: [],
          status: 200,
        });
      }
      const everyone = await egov.post('/user/v1/_search', { tenantId: 'hr' }, tokens[caller]);
      expect(uuidsOf(everyone)).not.toEqual(expect.arrayContaining([victim.uuid]));
    }
    const mine = await egov.post('/user/v1/_search', { tenantId: 'hr', userType: 'SYSTEM' }, tokens.foreignAdmin);
    expect(uuidsOf(mine)).toContain(own.foreignAdmin);
  });

  it('a citizen searching finds only itself', async () => {
    const answer = await egov.post('/user/_search', { tenantId: 'pb', uuid: [own.citizen] }, tokens.citizen);
    expect(uuidsOf(answer)).toEqual([own.citizen]);
    const everyone = await egov.post('/user/_search', { tenantId: 'pb' }, tokens.citizen);
    if (everyone.status === 200) expect(uuidsOf(everyone)).toEqual([own.citizen]);
    else expectEgovError(everyone, 403);
  });

  it.each(['citizen', 'employee', 'hrmsAdmin', 'system', 'foreignAdmin', 'foreignCitizen'] as const)(
    '%s updates its own profile and reads itself from /user/_details',
    async (caller) => {
      const name = `Self ${unique().replace(/[0-9]/g, 'x')}`;
      const answer = await egov.post('/user/profile/_update', { user: { uuid: own[caller], name } }, tokens[caller]);
      expect(expectUsersEnvelope(answer)[0]).toMatchObject({ uuid: own[caller], name });
      const details = await egov.details(tokens[caller] as string);
      expect({ status: details.status, uuid: details.body.uuid }).toEqual({ status: 200, uuid: own[caller] });
    },
  );

  it.each([
    ['/user/_search', { tenantId: 'pb' }],
    ['/user/v1/_search', { tenantId: 'pb' }],
    ['/user/citizen/_search', { tenantId: 'pb' }],
    ['/user/users/_createnovalidate', { user: employeeInput() }],
    ['/user/users/_updatenovalidate', { user: { uuid: randomUUID(), roles: [{ code: 'EMPLOYEE', tenantId: 'pb' }] } }],
    ['/user/citizen/_update', { user: { uuid: randomUUID(), name: 'No One' } }],
    ['/user/profile/_update', { user: { uuid: randomUUID(), name: 'No One' } }],
    [
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
    ],
  ])('%s with a missing, forged, tampered or revoked token answers 401 and writes nothing', async (path, body) => {
    const revoked = await roster.adminToken();
    expect((await egov.logout(revoked)).status).toBe(200);
    for (const token of [undefined, 'forged.token.value', `${tokens.system}x`, revoked]) {
      const answer = await expectNothingWritten(roster.dataDir, () => egov.post(path, body, token));
      expectEgovError(answer, 401);
    }
  });

  it('/user/_details and /user/_logout refuse a missing or forged token', async () => {
    expectEgovError(await egov.details(''), [400, 401]);
    expectEgovError(await egov.details('forged.token.value'), 401);
    expectEgovError(await expectNothingWritten(roster.dataDir, () => egov.logout('forged.token.value')), [400, 401]);
  });

  it('a token is bound to its tenant: a pb user cannot log in to hr, or reset its password there', async () => {
    expectEgovError(
      await egov.login({ username: victim.userName, password: victim.password, tenantId: 'hr', userType: 'CITIZEN' }),
      401,
      'invalid_grant',
    );
    const reset = await expectNoUserWritten(roster.dataDir, () =>
      egov.sendOtp({ mobileNumber: victim.mobileNumber, tenantId: 'hr', type: 'passwordreset' }),
    );
    expectEgovError(reset, 400, 'OTP.UNKNOWN_MOBILE_NUMBER');
    const nologin = await expectNoUserWritten(roster.dataDir, () =>
      egov.post('/user/password/nologin/_update', {
        otpReference: '123456',
        userName: victim.userName,
        newPassword: PASSWORDS.reset,
        tenantId: 'hr',
        type: 'CITIZEN',
      }),
    );
    expectEgovError(nologin, [400, 404]);
    expect(
      (await egov.login({ username: victim.userName, password: victim.password, tenantId: 'pb', userType: 'CITIZEN' }))
        .status,
    ).toBe(200);
  });
});

/** A matrix row: `fallback` for every signed-in caller not named, 401 for no token. */
function row(fallback: Outcome, outcomes: Partial<Record<Caller, Outcome>>): Record<Caller, Outcome> {
  const callers: Caller[] = ['citizen', 'employee', 'hrmsAdmin', 'system', 'foreignAdmin', 'foreignCitizen'];
  return {
    none: 'unauthenticated',
    ...Object.fromEntries(callers.map((caller) => [caller, outcomes[caller] ?? fallback])),
  } as Record<Caller, Outcome>;
}

function codes(answer: HttpAnswer): string[] {
  return (answer.body?.Errors ?? []).map((error: { code: string }) => error.code);
}
