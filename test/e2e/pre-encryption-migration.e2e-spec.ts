import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EgovClient } from './support/egov-client';
import { expectEgovError, expectUsersEnvelope, tokenOf } from './support/egov-roster';
import { headOf } from './support/event-log';
import type { HttpClient } from './support/http-client';
import type { MarkerHit } from './support/marker-scan';
import { findMarkers } from './support/marker-scan';
import { expectProblem } from './support/ncore-rejections';
import type { SpawnedRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, freePort, makeDataDir, ROOT, spawnRoster, stopGracefully } from './support/roster-harness';

/**
 * Today's Roster started on a data directory the release before encryption wrote (test/fixtures/pre-encryption-store,
 * made by scripts/fixtures/make-pre-encryption-store.sh from commit 9eb7a1b): the migration at start-up writes the old
 * plain events again encrypted and hashes the stream names that held a userName or a mobile number, and afterwards
 * every user answers as the old release answered it, logs in with its password, keeps its userName and mobile number
 * to itself, and can be erased. A second start on the migrated files migrates nothing again.
 */
describe('migration of a store written before personal data was encrypted', () => {
  const FIXTURE = join(ROOT, 'test/fixtures/pre-encryption-store');
  const fixture = JSON.parse(readFileSync(join(FIXTURE, 'users.json'), 'utf8')) as PreEncryptionFixture;
  // The fixture is an embedded data directory (SQLite event store and read model, its own roster.secret): whatever
  // the suite's environment says, these are the stores the test starts on. The egov dates in users.json were
  // written in the time zone the old release ran with (the default, UTC).
  const EMBEDDED = {
    ROSTER_EGOV_TIME_ZONE: 'UTC',
    EVENT_STORE: 'sqlite',
    READ_MODEL: 'sqlite',
    ROSTER_SECRET: '',
    EVENTSTORE_URL: '',
    MONGO_URL: '',
    KAFKA_BROKERS: '',
  };
  const { parent, child, employee, keyed } = fixture.ncore.ids;
  const dataDir = makeDataDir();
  let port: number;
  let roster: SpawnedRoster;
  let api: HttpClient;
  let egov: EgovClient;

  beforeAll(async () => {
    // The generated files only: README.md and users.json describe them and are no part of a data directory.
    cpSync(FIXTURE, dataDir, {
      recursive: true,
      filter: (source) => !/(README\.md|users\.json)$/.test(source),
    });
    expect(fixture.apiKey).toBe(BOOTSTRAP_KEY);
    port = await freePort();
    roster = await spawnRoster(dataDir, port, EMBEDDED);
    api = roster.client;
    egov = new EgovClient(api.baseUrl);
  });
  afterAll(async () => {
    if (roster) await stopGracefully(roster.process);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no personal value in plain text in the event store or its write-ahead log', () => {
    // The raw bytes, not the rows: the old release wrote without secure_delete, so its file also holds dead copies
    // of its rows in free space (the fixture's table root page kept the cells it held as a leaf before it split),
    // which no rewrite of the rows reaches.
    expect(findMarkers(dataDir, plainForms(fixture.personalValues), isEventStoreFile)).toEqual([]);
  });

  it('keeps the plain values in the read model, where the scan finds them', () => {
    const hits = findMarkers(dataDir, [fixture.marker], isReadModelFile);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('answers every nCore user as the previous release did', async () => {
    await expectNcoreUsersAsBefore(api, dataDir, fixture.ncore.users);
  });

  it("answers every nCore user's history, read from the rewritten log, as the previous release did", async () => {
    await expectHistoriesAsBefore(api, fixture.ncore.histories);
  });

  it('answers every egov user as the previous release did', async () => {
    await expectEgovUsersAsBefore(egov, fixture);
  });

  it('logs the password users in on the egov face with their passwords', async () => {
    const { citizen, employee: egovEmployee, admin } = fixture.egov;
    const citizenLogin = await egov.login({
      username: citizen.userName,
      password: citizen.password,
      tenantId: fixture.egov.tenantId,
      userType: citizen.type,
    });
    expect({ status: citizenLogin.status, user: citizenLogin.body.UserRequest }).toMatchObject({
      status: 200,
      user: { userName: citizen.userName, type: 'CITIZEN', tenantId: fixture.egov.tenantId },
    });
    const employeeLogin = await egov.login({
      username: egovEmployee.userName,
      password: egovEmployee.password,
      tenantId: egovEmployee.tenantId,
      userType: egovEmployee.type,
    });
    expect({ status: employeeLogin.status, user: employeeLogin.body.UserRequest }).toMatchObject({
      status: 200,
      user: { userName: egovEmployee.userName, type: 'EMPLOYEE' },
    });
    const adminLogin = await egov.login({
      username: admin.userName,
      password: admin.password,
      tenantId: fixture.egov.tenantId,
      userType: admin.type,
    });
    expect(adminLogin.status).toBe(200);
    const refused = await egov.login({
      username: citizen.userName,
      password: `${citizen.password}x`,
      tenantId: fixture.egov.tenantId,
      userType: citizen.type,
    });
    expectEgovError(refused, 401, 'invalid_grant');
  });

  it('answers a keyed create sent again before the migration with the same user, writing nothing', async () => {
    const before = await headOf(dataDir);
    const again = await api.post('/users', fixture.ncore.keyedCreate.body, {
      'idempotency-key': fixture.ncore.keyedCreate.idempotencyKey,
    });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: keyed });
    expect(await headOf(dataDir)).toBe(before);
  });

  it('still refuses a taken userName or citizen mobile number on the nCore face, and frees a released one', async () => {
    const employeeUser = userById(fixture.ncore.users, employee);
    await expectProblem(
      dataDir,
      () =>
        api.post('/users', {
          first_name: 'Other',
          last_name: 'Clerk',
          user_type: 'EMPLOYEE',
          user_name: employeeUser.user_name!.toUpperCase(),
        }),
      409,
      'user_name',
      'user_name_taken',
    );
    for (const holder of [parent, child, keyed]) {
      const mobile = userById(fixture.ncore.users, holder).mobile!;
      await expectProblem(
        dataDir,
        () => api.post('/users', { first_name: 'Other', last_name: 'Citizen', mobile }),
        409,
        'mobile',
        'mobile_number_taken',
      );
    }
    const released = await api.post('/users', {
      first_name: 'New',
      last_name: 'Holder',
      mobile: fixture.ncore.releasedMobile,
    });
    expect(released.status).toBe(201);
  });

  it('still refuses a taken userName or citizen mobile number on the egov face', async () => {
    const { citizen, employee: egovEmployee } = fixture.egov;
    expectEgovError(
      await egov.sendOtp({ mobileNumber: citizen.mobileNumber, tenantId: fixture.egov.tenantId, type: 'register' }),
      400,
      'OTP.MOBILENUMBER',
    );
    const adminToken = await loginAdmin(egov, fixture);
    const before = await headOf(dataDir);
    const duplicate = await egov.post(
      '/user/users/_createnovalidate',
      {
        user: {
          userName: egovEmployee.userName,
          name: 'Other Employee',
          mobileNumber: '9000000001',
          gender: 'MALE',
          type: 'EMPLOYEE',
          tenantId: egovEmployee.tenantId,
          active: true,
          password: egovEmployee.password,
          roles: [{ code: 'EMPLOYEE', tenantId: egovEmployee.tenantId }],
        },
      },
      adminToken,
    );
    expectEgovError(duplicate, 409);
    expect(await headOf(dataDir)).toBe(before);
  });

  it('erases a migrated user: 204, then 410 Gone', async () => {
    const erased = await api.send('DELETE', `/users/${child}`);
    expect(erased.status).toBe(204);
    const gone = await api.get(`/users/${child}`, consistency(erased.headers.get('x-consistency-token')));
    expect(gone.status).toBe(410);
    expect(findMarkers(dataDir, plainForms(fixture.personalValues), isEventStoreFile)).toEqual([]);
    // Nothing of the erased user is left in any file, the read model and the pages the migration rewrote included.
    expect(await settledHits(dataDir, plainForms(valuesOfErased(fixture, child)))).toEqual([]);
  });

  it('starts again on the migrated files without migrating them a second time', async () => {
    await stopGracefully(roster.process);
    const migrated = eventRows(dataDir);
    roster = await spawnRoster(dataDir, port, EMBEDDED);
    api = roster.client;
    egov = new EgovClient(api.baseUrl);

    await expectNcoreUsersAsBefore(
      api,
      dataDir,
      fixture.ncore.users.filter((user) => user.id !== child),
    );
    expect((await api.get(`/users/${child}`)).status).toBe(410);
    await expectEgovUsersAsBefore(egov, fixture);

    await stopGracefully(roster.process);
    expect(eventRows(dataDir)).toEqual(migrated);
    expect(findMarkers(dataDir, plainForms(fixture.personalValues), isEventStoreFile)).toEqual([]);
  });

  it('rebuilds from the migrated log a read model that answers every user as before, the erased one 410', async () => {
    // The documented way to rebuild: stop Roster, delete the read model's files, start again.
    await stopGracefully(roster.process);
    for (const file of readdirSync(dataDir).filter(isReadModelFile)) rmSync(join(dataDir, file));
    roster = await spawnRoster(dataDir, port, EMBEDDED);
    api = roster.client;
    egov = new EgovClient(api.baseUrl);

    await expectNcoreUsersAsBefore(
      api,
      dataDir,
      fixture.ncore.users.filter((user) => user.id !== child),
    );
    expect((await api.get(`/users/${child}`)).status).toBe(410);
    await expectEgovUsersAsBefore(egov, fixture);
  });
});

/** users.json of the fixture, as scripts/fixtures/make-pre-encryption-store.sh writes it. */
interface PreEncryptionFixture {
  commit: string;
  marker: string;
  apiKey: string;
  /** Every marker, userName and mobile number the old release wrote, as written. */
  personalValues: string[];
  ncore: {
    tenantId: string;
    ids: { parent: string; child: string; employee: string; keyed: string };
    keyedCreate: { idempotencyKey: string; body: Record<string, unknown> };
    /** The child's mobile number before its update: released, so free for anyone. */
    releasedMobile: string;
    users: NcoreUser[];
    /** `GET /users/{id}/history?limit=100` of each user, by id. */
    histories: Record<string, unknown>;
  };
  egov: {
    tenantId: string;
    admin: EgovLogin;
    citizen: EgovLogin & { mobileNumber: string };
    employee: EgovLogin & { mobileNumber: string; tenantId: string };
    users: EgovUser[];
  };
}

interface EgovLogin {
  userName: string;
  password: string;
  type: string;
}

/** `GET /users/{id}` of the old release. */
interface NcoreUser {
  id: string;
  user_name: string | null;
  mobile: string | null;
  [field: string]: unknown;
}

/** A user of `/user/_search` of the old release. */
interface EgovUser {
  uuid: string;
  tenantId: string;
  [field: string]: unknown;
}

function userById(users: NcoreUser[], id: string): NcoreUser {
  const user = users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`users.json lists no nCore user ${id}`);
  return user;
}

/**
 * The forms a value can take on disk in plain text: as written, in lower case (stream names hold userNames folded
 * to lower case), in upper case, and a mobile number's digits without its `+`.
 */
function plainForms(values: string[]): string[] {
  const forms = values.flatMap((value) => [
    value,
    value.toLowerCase(),
    value.toUpperCase(),
    ...(value.startsWith('+') ? [value.slice(1)] : []),
  ]);
  return [...new Set(forms)];
}

/**
 * What belongs to the erased user alone: its first name, current e-mail and mobile number, and its e-mail before
 * its update. (Its earlier mobile number was released and is taken by a user this test creates.)
 */
function valuesOfErased(fixture: PreEncryptionFixture, id: string): string[] {
  const user = userById(fixture.ncore.users, id);
  const history = fixture.ncore.histories[id] as {
    data: { changes: Record<string, { from: unknown; to: unknown }> }[];
  };
  const emails = history.data.flatMap((entry) => (entry.changes.email ? [entry.changes.email.from] : []));
  return [user.first_name, user.email, user.mobile, ...emails].filter(
    (value): value is string => typeof value === 'string',
  );
}

/**
 * The hits under DATA_DIR once they settle: the read model removes the row and then checkpoints its write-ahead log a
 * moment after the projector's position (what the consistency token waits for) moved past the erasure.
 */
async function settledHits(dataDir: string, values: string[]): Promise<MarkerHit[]> {
  const deadline = Date.now() + 5_000;
  let hits = findMarkers(dataDir, values);
  while (hits.length > 0 && Date.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    hits = findMarkers(dataDir, values);
  }
  return hits;
}

function isEventStoreFile(file: string): boolean {
  return file.startsWith('events.sqlite');
}

function isReadModelFile(file: string): boolean {
  return file.startsWith('read-model.sqlite');
}

function consistency(token: string | null): Record<string, string> {
  return token ? { 'x-consistency-token': token } : {};
}

/**
 * Reads every user once the read model has caught up with the whole log (the log's head as the consistency token:
 * the migration may have rebuilt the read model at start-up) and compares it with the old release's answer.
 */
async function expectNcoreUsersAsBefore(api: HttpClient, dataDir: string, users: NcoreUser[]): Promise<void> {
  const head = await headOf(dataDir);
  for (const before of users) {
    const now = await api.get(`/users/${before.id}`, consistency(head === null ? null : String(head)));
    expect({ status: now.status, user: now.body }).toEqual({ status: 200, user: before });
  }
}

async function expectHistoriesAsBefore(api: HttpClient, histories: Record<string, unknown>): Promise<void> {
  for (const [id, before] of Object.entries(histories)) {
    const now = await api.get(`/users/${id}/history?limit=100`);
    expect({ id, status: now.status, history: now.body }).toEqual({ id, status: 200, history: before });
  }
}

async function expectEgovUsersAsBefore(egov: EgovClient, fixture: PreEncryptionFixture): Promise<void> {
  const token = await loginAdmin(egov, fixture);
  for (const before of fixture.egov.users) {
    const search = await egov.post('/user/_search', { tenantId: before.tenantId, uuid: [before.uuid] }, token);
    expect(expectUsersEnvelope(search)).toEqual([before]);
  }
}

async function loginAdmin(egov: EgovClient, fixture: PreEncryptionFixture): Promise<string> {
  const { admin } = fixture.egov;
  return tokenOf(
    await egov.login({
      username: admin.userName,
      password: admin.password,
      tenantId: fixture.egov.tenantId,
      userType: admin.type,
    }),
  );
}

/** Every row of the event log, as stored (encrypted fields and hashed stream names included). */
function eventRows(dataDir: string): unknown[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM events ORDER BY position').all();
  } finally {
    db.close();
  }
}
