import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EgovClient, newMobile, PASSWORDS, unique } from './support/egov-client';
import {
  ADMIN,
  EGOV_SECRET,
  employeeInput,
  expectEgovError,
  expectTokenBody,
  expectUsersEnvelope,
  OtpInbox,
  tokenOf,
} from './support/egov-roster';
import { headOf } from './support/event-log';
import type { HttpClient } from './support/http-client';
import type { SpawnedRoster } from './support/roster-harness';
import { freePort, killHard, makeDataDir, ROOT, spawnRoster, stopGracefully } from './support/roster-harness';
import type { StoreEnv } from './support/store-env';
import { storeEnvFromProcess } from './support/store-env';

const run = promisify(execFile);

/**
 * `npm run export` then `npm run import -- --from roster` into an empty store: the users come back the same over
 * both faces — ids (uuid and numeric), profiles, roles, hierarchy, active and locked state, dates — and log in with
 * the same passwords; the numeric id sequence continues above the imported ids.
 */
describe('roster export → import round trip', () => {
  const sourceDir = makeDataDir();
  const targetDir = makeDataDir();
  const exportFile = join(sourceDir, 'exported', 'users.jsonl');
  const sourceStores = storeEnvFromProcess();
  const targetStores = storeEnvFromProcess();
  const spawned: SpawnedRoster[] = [];
  afterAll(async () => {
    for (const roster of spawned) await killHard(roster.process);
    await Promise.all([sourceStores.drop(), targetStores.drop()]);
    for (const dir of [sourceDir, targetDir]) rmSync(dir, { recursive: true, force: true });
  });

  const prefix = `RT${unique()}`;
  const amritsar = (...codes: string[]) => codes.map((code) => ({ code, tenantId: 'pb.amritsar' }));
  const employees = {
    clerk: employeeInput({ userName: `${prefix}-clerk`, name: 'Anil Kapoor', roles: amritsar('EMPLOYEE', 'GRO') }),
    manager: employeeInput({
      userName: `${prefix}-manager`,
      name: 'Bela Singh',
      roles: [...amritsar('EMPLOYEE', 'HRMS_ADMIN'), { code: 'EMPLOYEE', tenantId: 'pb.jalandhar' }],
    }),
    retired: employeeInput({ userName: `${prefix}-retired`, name: 'Chetan Das', active: false }),
    locked: employeeInput({ userName: `${prefix}-locked`, name: 'Deepa Rao' }),
  };
  const citizenMobile = newMobile();
  /** Users of the egov face by uuid, with the tenant their search runs in. */
  const egovUsers = new Map<string, string>();
  /** nCore users of the bootstrap API key's tenant. */
  const ncore: Record<'root' | 'child' | 'sibling' | 'grandchild', string> = {
    root: '',
    child: '',
    sibling: '',
    grandchild: '',
  };
  let before: Snapshot;
  /** Tokens the original revoked: by a password change, by a logout. */
  const revoked: string[] = [];

  it('builds users on both faces: a 3-level nCore hierarchy, employees, a citizen, inactive and locked users', async () => {
    const original = await startRoster(sourceDir, sourceStores, true);
    const api = original.client;
    const egov = new EgovClient(api.baseUrl);
    const create = async (body: Record<string, unknown>) => {
      const answer = await api.post('/users', body);
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    };
    ncore.root = await create({ first_name: 'Root', last_name: 'Org', email: 'root@example.com' });
    ncore.child = await create({ first_name: 'Child', last_name: 'Unit', parent_user_id: ncore.root });
    ncore.sibling = await create({ first_name: 'Sibling', last_name: 'Unit', parent_user_id: ncore.root });
    ncore.grandchild = await create({
      first_name: 'Grand',
      last_name: 'Child',
      mobile: '+919876500001',
      address: { line1: '1 MG Road', city: 'Pune', postal_code: '411001', country: 'IN' },
      parent_user_id: ncore.child,
    });
    const updated = await api.put(`/users/${ncore.sibling}`, { last_name: 'Renamed', parent_user_id: ncore.child });
    expect(updated.status).toBe(200);

    const admin = tokenOf(
      await egov.login({ username: ADMIN.userName, password: ADMIN.password, tenantId: 'pb', userType: 'SYSTEM' }),
    );
    const created = await egov.post('/user/users/_createnovalidate', { users: Object.values(employees) }, admin);
    for (const user of expectUsersEnvelope(created)) egovUsers.set(user.uuid, 'pb.amritsar');

    const otps = new OtpInbox(join(sourceDir, 'notifications.jsonl'));
    expect((await egov.sendOtp({ mobileNumber: citizenMobile, tenantId: 'pb', type: 'register' })).status).toBe(201);
    const citizen = await egov.post('/user/citizen/_create', {
      user: {
        name: 'Asha Rani',
        mobileNumber: citizenMobile,
        tenantId: 'pb',
        password: PASSWORDS.citizen,
        otpReference: await otps.next(citizenMobile),
        gender: 'FEMALE',
        type: 'CITIZEN',
      },
    });
    expectTokenBody(citizen);
    egovUsers.set(citizen.body.UserRequest.uuid, 'pb');
    const adminUser = await egov.post('/user/_search', { tenantId: 'pb', userName: ADMIN.userName }, admin);
    egovUsers.set(expectUsersEnvelope(adminUser)[0].uuid, 'pb');

    // The manager changes its password: only the new one may work after the import.
    const managerToken = tokenOf(await login(egov, employees.manager, PASSWORDS.employee));
    const changed = await egov.post(
      '/user/password/_update',
      {
        existingPassword: PASSWORDS.employee,
        newPassword: PASSWORDS.changed,
        tenantId: 'pb.amritsar',
        type: 'EMPLOYEE',
      },
      managerToken,
    );
    expect(changed.status).toBe(200);
    const loggedOut = tokenOf(await login(egov, employees.clerk, PASSWORDS.employee));
    expect((await egov.logout(loggedOut)).status).toBe(200);
    for (const token of [managerToken, loggedOut]) expectEgovError(await egov.details(token), 401);
    revoked.push(managerToken, loggedOut);
    for (let attempt = 1; attempt <= 5; attempt++)
      expectEgovError(await login(egov, employees.locked, `Wrong${attempt}@Pass`), 401);
    expectEgovError(await login(egov, employees.locked, PASSWORDS.employee), 423, 'ACCOUNT_LOCKED');

    before = await snapshot(api, egov, admin, ncore, egovUsers, String(await headOf(sourceDir)));
    expect(before.egov.find((user) => user.userName === employees.locked.userName)?.accountLocked).toBe(true);
    expect(before.egov.find((user) => user.userName === employees.retired.userName)?.active).toBe(false);
    await stopGracefully(original.process);
  });

  it('exports every user to a file only its owner may read, without a hash on stdout or stderr', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(ROOT, 'dist/apps/importer/src/export.cli.js'), '--out', exportFile],
      { env: cliEnv(sourceDir) },
    );
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
    const lines = readFileSync(exportFile, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    const users = lines.slice(1).map((line) => JSON.parse(line));
    expect(header).toMatchObject({ format: 'roster-users', version: 1, tenants: null, users: users.length });
    expect(users).toHaveLength(4 + Object.keys(employees).length + 2); // nCore, employees, citizen, admin
    // Parents first: each user's parent is on an earlier line.
    const seen = new Set<string>();
    for (const user of users) {
      if (user.parentId !== null) expect(seen.has(user.parentId)).toBe(true);
      seen.add(user.id);
    }
    expect(users.filter((user) => user.passwordHash !== null)).toHaveLength(Object.keys(employees).length + 2);
    expect(stderr).toContain('mode 0600');
    expect(`${stdout}${stderr}`).not.toMatch(/\$argon2|\$2a\$/);
  });

  it('imports the file into an empty store and every user reads the same on both faces', async () => {
    const importFile = async (reportFile: string) => {
      const { stdout, stderr } = await run(
        process.execPath,
        [join(ROOT, 'dist/apps/importer/src/import.cli.js'), '--from', 'roster', exportFile, '--report', reportFile],
        { env: cliEnv(targetDir) },
      );
      expect(`${stdout}${stderr}`).not.toMatch(/\$argon2|\$2a\$/);
      return JSON.parse(readFileSync(reportFile, 'utf8'));
    };
    const users = before.egov.length + Object.keys(ncore).length;
    const first = await importFile(join(targetDir, 'first-report.json'));
    expect(first).toMatchObject({ status: 'complete', read: users, imported: users, skipped: [] });
    // Idempotent: a second run finds the import complete and writes nothing.
    const second = await importFile(join(targetDir, 'second-report.json'));
    expect(second).toMatchObject({ status: 'complete', imported: users, thisRun: { read: 0, imported: 0 } });

    // No bootstrap admin here: the admin that logs in is the imported one.
    const imported = await startRoster(targetDir, targetStores, false);
    const egov = new EgovClient(imported.client.baseUrl);
    const admin = tokenOf(
      await egov.login({ username: ADMIN.userName, password: ADMIN.password, tenantId: 'pb', userType: 'SYSTEM' }),
    );
    const after = await snapshot(imported.client, egov, admin, ncore, egovUsers, String(await headOf(targetDir)));
    expect(after).toEqual(before);

    // Same passwords: the changed one, not the first; the locked user is still locked; the inactive one cannot log in.
    expectTokenBody(await login(egov, employees.clerk, PASSWORDS.employee));
    expectTokenBody(await login(egov, employees.manager, PASSWORDS.changed));
    expectEgovError(await login(egov, employees.manager, PASSWORDS.employee), 401);
    expectEgovError(await login(egov, employees.locked, PASSWORDS.employee), 423, 'ACCOUNT_LOCKED');
    expect((await login(egov, employees.retired, PASSWORDS.employee)).status).not.toBe(200);
    expectTokenBody(
      await egov.login({ username: citizenMobile, password: PASSWORDS.citizen, tenantId: 'pb', userType: 'CITIZEN' }),
    );

    // A user created after the import is numbered above every imported user.
    const highest = Math.max(...before.egov.map((user) => user.id as number));
    const later = await egov.post('/user/users/_createnovalidate', { user: employeeInput() }, admin);
    expect(expectUsersEnvelope(later)[0].id).toBeGreaterThan(highest);
    // And a userName the import holds is taken.
    expect(
      (
        await egov.post(
          '/user/users/_createnovalidate',
          { user: employeeInput({ userName: employees.clerk.userName }) },
          admin,
        )
      ).status,
    ).toBe(409);
  });

  it('tokens the original revoked stay revoked after the move (same ROSTER_SECRET)', async () => {
    const imported = spawned[spawned.length - 1];
    const egov = new EgovClient(imported.client.baseUrl);
    for (const token of revoked) expectEgovError(await egov.details(token), 401);
    await stopGracefully(imported.process);
  });

  async function startRoster(dataDir: string, stores: StoreEnv, bootstrap: boolean): Promise<SpawnedRoster> {
    const roster = await spawnRoster(dataDir, await freePort(), {
      ...stores.env,
      ROSTER_SECRET: EGOV_SECRET,
      ROSTER_NOTIFIER: 'file',
      ROSTER_NOTIFIER_FILE: join(dataDir, 'notifications.jsonl'),
      ...(bootstrap
        ? {
            ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
            ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
            ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
          }
        : {}),
    });
    spawned.push(roster);
    return roster;
  }
});

/** What a client sees of every user: nCore answers and relatives, egov search answers. */
interface Snapshot {
  ncore: Record<string, unknown>;
  egov: Record<string, unknown>[];
}

async function snapshot(
  api: HttpClient,
  egov: EgovClient,
  adminToken: string,
  ncore: Record<string, string>,
  egovUsers: Map<string, string>,
  head: string,
): Promise<Snapshot> {
  // The token of the log's head: every read waits until the read model holds every user. /user/v1/_search, not
  // /user/_search: egov-user's v1 search finds inactive users too.
  const consistent = { 'x-consistency-token': head };
  const answers: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(ncore)) {
    const user = await api.get(`/users/${id}`, consistent);
    expect(user.status).toBe(200);
    // The ETag is the stream's revision: one UserImported event rebuilds what several events built, so it differs.
    answers[name] = user.body;
    for (const relation of ['children', 'descendants', 'ancestors']) {
      const list = await api.get(`/users/${id}/${relation}?limit=100`, consistent);
      expect(list.status).toBe(200);
      answers[`${name} ${relation}`] = list.body.data.map((relative: { id: string }) => relative.id).sort();
    }
  }
  const egovAnswers: Record<string, unknown>[] = [];
  for (const [uuid, tenantId] of egovUsers) {
    const body = { RequestInfo: EgovClient.requestInfo(adminToken), tenantId, uuid: [uuid] };
    const found = expectUsersEnvelope(await egov.postRaw('/user/v1/_search', JSON.stringify(body), consistent));
    expect({ uuid, found: found.length }).toEqual({ uuid, found: 1 });
    egovAnswers.push(found[0]);
  }
  return { ncore: answers, egov: egovAnswers };
}

function login(egov: EgovClient, user: Record<string, unknown>, password: string) {
  return egov.login({
    username: String(user.userName),
    password,
    tenantId: String(user.tenantId),
    userType: String(user.type),
  });
}

/**
 * The environment of the export and import CLIs: the store of `dataDir`, as Roster's processes configure it — the
 * same secret included, which opens the keys of the users' personal data.
 */
function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', ROSTER_SECRET: EGOV_SECRET, LOG_LEVEL: 'warn' };
}
