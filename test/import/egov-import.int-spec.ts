import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { splitFullName, userStream } from '@roster/domain';
import type { EgovDataset, EgovSpecialUsers, EgovUser } from '../../apps/bench/src/egov-dataset';
import {
  EGOV_KNOWN_PASSWORDS,
  egovDataset,
  hashEgovPasswords,
  loadEgovDatabase,
} from '../../apps/bench/src/egov-dataset';
import { EgovClient } from '../e2e/support/egov-client';
import {
  ADMIN,
  EGOV_SECRET,
  employeeInput,
  expectEgovError,
  expectUsersEnvelope,
  tokenOf,
} from '../e2e/support/egov-roster';
import type { SpawnedRoster } from '../e2e/support/roster-harness';
import { freePort, killHard, spawnRoster } from '../e2e/support/roster-harness';
import type { ImportReport } from '../../apps/importer/src/report';
import type { TemporaryDatabase } from './support/egov-import';
import {
  canonicalUsers,
  CheckpointWatcher,
  checkpointedReads,
  comparableEgovAnswer,
  createTemporaryDatabase,
  embeddedStoreEnv,
  eventsOf,
  expectedEgovAnswer,
  pgUrlOrSkipReason,
  runImport,
  spawnImport,
} from './support/egov-import';

/**
 * `npm run import -- --from egov <url>` end to end: an egov-user database (egov-user's own schema, a few thousand
 * citizens and employees with BCrypt hashes of known passwords) imported by the built CLI into an embedded store,
 * then Roster started on that store and asked over HTTP. Needs PG_URL (scripts/infra/up.sh postgres).
 */

const USERS = 3000;
const IMPORTED = USERS - 2; // the duplicate mobile number and the invalid e-mail address are skipped

const pg = pgUrlOrSkipReason();
if ('skip' in pg) console.warn(`egov import suite skipped: ${pg.skip}`);
const describeWithPostgres = 'url' in pg ? describe : describe.skip;

describeWithPostgres('import from an egov-user database', () => {
  const work = mkdtempSync(join(tmpdir(), 'roster-import-'));
  const dirOf = (name: string) => {
    const dir = join(work, name);
    mkdirSync(dir);
    return dir;
  };
  const storeDir = dirOf('store');
  const referenceDir = dirOf('reference');
  const crashedDir = dirOf('crashed');
  const reportFile = (name: string) => join(work, `${name}.json`);

  let database: TemporaryDatabase;
  let users: EgovUser[];
  let special: EgovSpecialUsers;
  let maxId: number;
  let usersAfterFirstImport: Record<string, unknown[]>;
  let roster: SpawnedRoster | null = null;
  let egov: EgovClient;
  let adminToken: string;
  let adminId: number;

  beforeAll(async () => {
    database = await createTemporaryDatabase((pg as { url: string }).url);
    // `now`: the locked user's lock began five minutes ago, so it is still in force when Roster starts.
    const dataset: EgovDataset = egovDataset({
      users: USERS,
      passwords: await hashEgovPasswords(),
      now: new Date(),
      specials: true,
    });
    users = dataset.users;
    special = dataset.special as EgovSpecialUsers;
    maxId = Math.max(...users.map((user) => user.id));
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await loadEgovDatabase(client, users);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    if (roster) await killHard(roster.process);
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  /**
   * The report's skipped users in source order. A user refused while its row was mapped (the invalid e-mail
   * address) never became a candidate, so the report names it by its source id only.
   */
  const skippedUsers = () => [
    {
      sourceId: `${special.invalidField.id}@${special.invalidField.tenantId}`,
      userId: null,
      userName: null,
      tenantId: null,
      reason: 'invalid_field',
      field: 'emailid',
      message: expect.any(String),
    },
    {
      sourceId: `${special.duplicateMobile.id}@${special.duplicateMobile.tenantId}`,
      userId: special.duplicateMobile.uuid,
      userName: special.duplicateMobile.userName,
      tenantId: special.duplicateMobile.tenantId,
      reason: 'mobile_number_taken',
      field: 'mobileNumber',
      message: expect.any(String),
    },
  ];
  const bySourceId = (report: ImportReport) =>
    [...report.skipped].sort((a, b) => Number.parseInt(a.sourceId, 10) - Number.parseInt(b.sourceId, 10));

  it('imports every user but the duplicate mobile number and the invalid e-mail address, and reports why', async () => {
    const { report, output } = await runImport(storeDir, database.url, reportFile('first'));
    expect(report).toMatchObject({
      status: 'complete',
      read: USERS,
      imported: IMPORTED,
      alreadyPresent: 0,
      skippedByReason: { mobile_number_taken: 1, invalid_field: 1 },
    });
    expect(Object.keys(report.skippedByReason)).toHaveLength(2);
    expect(bySourceId(report)).toEqual(skippedUsers());
    // The CLI prints its report and progress, never a hash or a password.
    expect(output).toContain(String(IMPORTED));
    expect(output).not.toMatch(/\$2[aby]\$|\$argon2/);
    for (const password of EGOV_KNOWN_PASSWORDS) expect(output).not.toContain(password);

    usersAfterFirstImport = await canonicalUsers(storeDir);
    expect(Object.keys(usersAfterFirstImport)).toHaveLength(IMPORTED);
  });

  it('imports nothing twice when run again', async () => {
    const { report } = await runImport(storeDir, database.url, reportFile('second'));
    expect(report.status).toBe('complete');
    expect(report.thisRun.imported).toBe(0);
    // Whatever the second run read again was already there (or skipped again for the same reason).
    expect(report.thisRun.alreadyPresent).toBe(report.thisRun.read - report.thisRun.skipped);
    expect({ read: report.read, imported: report.imported }).toEqual({ read: USERS, imported: IMPORTED });
    expect(await canonicalUsers(storeDir)).toEqual(usersAfterFirstImport);
  });

  it('ends an import killed half-way and run again with the same users as an import run straight through', async () => {
    await runImport(referenceDir, database.url, reportFile('reference'));

    const crashing = spawnImport(crashedDir, ['--from', 'egov', database.url, '--batch-size', '100']);
    // Killed once ten batches are in its checkpoint stream: well past the start, far from the end (30 batches).
    const checkpoints = new CheckpointWatcher(crashedDir);
    try {
      while (crashing.process.exitCode === null && (await checkpoints.read()) < 1000) {
        await new Promise((resolveWait) => setTimeout(resolveWait, 5));
      }
      crashing.process.kill('SIGKILL');
    } finally {
      await checkpoints.close();
    }
    const killed = await crashing.done;
    expect({ signal: killed.signal, output: killed.output }).toEqual({ signal: 'SIGKILL', output: expect.any(String) });
    const readAtKill = await checkpointedReads(crashedDir);
    expect(readAtKill).toBeGreaterThanOrEqual(1000);
    expect(readAtKill).toBeLessThan(USERS);
    expect(readAtKill % 100).toBe(0); // whole batches only

    const { report } = await runImport(crashedDir, database.url, reportFile('resumed'), ['--batch-size', '100']);
    expect(report).toMatchObject({
      status: 'complete',
      read: USERS,
      imported: IMPORTED,
      skippedByReason: { mobile_number_taken: 1, invalid_field: 1 },
    });
    expect(report.thisRun.read).toBe(USERS - readAtKill);
    expect(bySourceId(report)).toEqual(skippedUsers());

    const reference = await canonicalUsers(referenceDir);
    expect(Object.keys(reference)).toHaveLength(IMPORTED);
    expect(await canonicalUsers(crashedDir)).toEqual(reference);
    expect(usersAfterFirstImport).toEqual(reference);
  });

  describe('Roster started on the imported store', () => {
    beforeAll(async () => {
      // The first start: the bootstrap admin is created now, after the import, above the imported ids.
      roster = await spawnRoster(storeDir, await freePort(), {
        ...embeddedStoreEnv(storeDir),
        ROSTER_SECRET: EGOV_SECRET,
        ROSTER_NOTIFIER: 'file',
        ROSTER_NOTIFIER_FILE: join(work, 'notifications.jsonl'),
        ROSTER_BOOTSTRAP_TENANT: 'pb',
        ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
        ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
        ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
      });
      egov = new EgovClient(roster.client.baseUrl);
      const adminLogin = await egov.login({
        username: ADMIN.userName,
        password: ADMIN.password,
        tenantId: 'pb',
        userType: 'SYSTEM',
      });
      adminToken = tokenOf(adminLogin);
      adminId = adminLogin.body.UserRequest.id;
    });

    const search = async (user: EgovUser, criteria: Record<string, unknown>) => {
      // `_search` answers active users unless asked otherwise.
      const body = { tenantId: user.tenantId, ...criteria, ...(user.active ? {} : { active: false }) };
      return expectUsersEnvelope(await egov.post('/user/_search', body, adminToken));
    };

    it('answers egov /user/_search by numeric id and by uuid with every field the egov rows held', async () => {
      const skipped = new Set([special.duplicateMobile.uuid, special.invalidField.uuid]);
      const regular = users.filter((user, index) => index % 97 === 0 && !skipped.has(user.uuid));
      const sample = [
        special.employee,
        special.citizen,
        special.locked,
        special.inactive,
        special.mobileOwner,
        ...regular,
      ];
      for (const user of sample) {
        const expected = expectedEgovAnswer(user);
        const byId = await search(user, { id: [user.id] });
        const byUuid = await search(user, { uuid: [user.uuid] });
        expect(byId.map((answer) => comparableEgovAnswer(answer, expected))).toEqual([expected]);
        expect(byUuid.map((answer) => comparableEgovAnswer(answer, expected))).toEqual([expected]);
      }
      // The skipped users are not there.
      for (const user of [special.duplicateMobile, special.invalidField]) {
        expect(await search(user, { id: [user.id] })).toEqual([]);
      }
    });

    it('answers nCore GET /users/{uuid} for an imported citizen', async () => {
      const citizen = special.citizen;
      const answer = await roster!.client.get(`/users/${citizen.uuid}`);
      const { firstName, lastName } = splitFullName(citizen.name);
      expect({ status: answer.status, body: answer.body }).toMatchObject({
        status: 200,
        body: {
          id: citizen.uuid,
          first_name: firstName,
          last_name: lastName,
          email: citizen.emailId,
          mobile: citizen.mobileNumber,
        },
      });
    });

    it('logs an employee and a citizen in with their egov passwords, then holds an argon2id hash for them', async () => {
      for (const user of [special.employee, special.citizen]) {
        const form = { username: user.userName, tenantId: user.tenantId, userType: user.type };
        expectEgovError(await egov.login({ ...form, password: `${user.password}x` }), 401, 'invalid_grant');

        expect(tokenOf(await egov.login({ ...form, password: user.password }))).toEqual(expect.any(String));
        const rehashed = (await eventsOf(storeDir, userStream(user.uuid))).filter(
          (event) => event.type === 'PasswordRehashed',
        );
        expect(rehashed.map((event) => String(event.data.passwordHash).slice(0, 10))).toEqual(['$argon2id$']);

        // The second login checks the argon2id hash, and needs no rehash.
        expect(tokenOf(await egov.login({ ...form, password: user.password }))).toEqual(expect.any(String));
        const types = (await eventsOf(storeDir, userStream(user.uuid))).map((event) => event.type);
        expect(types.filter((type) => type === 'PasswordRehashed')).toHaveLength(1);
      }
    });

    it('refuses the locked user and the inactive one their correct passwords', async () => {
      const login = (user: EgovUser) =>
        egov.login({ username: user.userName, password: user.password, tenantId: user.tenantId, userType: user.type });
      const locked = await login(special.locked);
      expect({ status: locked.status, token: locked.body?.access_token }).toEqual({ status: 423, token: undefined });
      // Inactive: answered like a wrong password, so a login does not tell whether the account exists.
      expectEgovError(await login(special.inactive), 401, 'invalid_grant');
    });

    it('continues the numeric id sequence above the highest imported id', async () => {
      // The bootstrap admin, created at the first start after the import, already took an id above them.
      expect(adminId).toBeGreaterThan(maxId);
      const created = expectUsersEnvelope(
        await egov.post('/user/users/_createnovalidate', { user: employeeInput() }, adminToken),
      );
      expect(created).toHaveLength(1);
      expect(created[0].id).toBeGreaterThan(adminId);
    });

    it('never answers a password hash', () => {
      for (const answer of egov.transcript) expect(answer.text).not.toMatch(/\$2[aby]\$|\$argon2/);
    });
  });
});
