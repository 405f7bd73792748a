import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  hrmsEmployeeSearch,
  hrmsInternalUserCreate,
  hrmsInternalUserSearch,
  hrmsUser,
  internalMicroserviceUserInfo,
  javaRequestInfo,
  javaRequestInfoV1,
  moduleRequestInfo,
  pgrNewCitizen,
  pgrUserSearchRequest,
  ptBaseUserSearchRequest,
  ptOwnerInfo,
  ptUserSearchRequest,
  REST_TEMPLATE_ACCEPT,
  restTemplateHeaders,
  zuulAuthFilterHeaders,
  zuulUserSearchRequest,
} from '../e2e/support/digit/client-requests';
import { EGOV_CLIENT_BASIC, newMobile, PASSWORDS, unique } from '../e2e/support/egov-client';
import { ADMIN, EgovRoster } from '../e2e/support/egov-roster';

/**
 * The Java round trip: Roster answers requests shaped exactly as DIGIT's Java services send them (zuul, egov-hrms,
 * pgr-services, property-services; bodies as those clients build them), each answer is saved byte for byte
 * with what the client should find in it, and `mvn test` in this folder reads every answer with the clients' own
 * classes, Jackson version and settings (see README.md here). Once with ROSTER_EGOV_AUTH=gateway (as egov-user behind
 * DIGIT's API gateway: `RequestInfo: null`, `userInfo` filled in by zuul), once standing alone (the bootstrap admin's
 * token in `RequestInfo.authToken`). A request Roster refuses, or an answer a client cannot read, is a product bug.
 */

type Mode = 'gateway' | 'token';
type Client = 'zuul' | 'hrms' | 'pgr' | 'pt' | 'ui';
type Json = Record<string, unknown>;
type Window = [number, number];

const MVN = process.env.MVN ?? 'mvn';
const POM = resolve(__dirname, 'pom.xml');
const mavenFound = spawnSync(MVN, ['-v'], { stdio: 'ignore' }).status === 0;
// CI must run the round trip; a developer without Maven gets a skipped test, never a silent pass.
const itWithMaven = mavenFound || process.env.CI === 'true' ? it : it.skip;

/** Deployed hosts end with `/` (`http://egov-user:8080/`), so every path the services request starts with `//`. */
const HOST = '/';
const DOB_1990_01_01 = Date.UTC(1990, 0, 1);
const DOB_1990_08_15 = Date.UTC(1990, 7, 15);

describe('DIGIT clients read Roster answers into their own Java classes', () => {
  const answersDir = process.env.ROSTER_ANSWERS_DIR ?? mkdtempSync(join(tmpdir(), 'roster-digit-answers-'));
  let keepAnswers = !!process.env.ROSTER_ANSWERS_DIR;

  afterAll(() => {
    if (!keepAnswers) rmSync(answersDir, { recursive: true, force: true });
  });

  it.each<Mode>(['gateway', 'token'])(
    'Roster answers the clients’ requests with ROSTER_EGOV_AUTH=%s',
    async (mode) => {
      const roster = await EgovRoster.start({ ROSTER_EGOV_AUTH: mode });
      const recorder = new Recorder(roster.baseUrl, mode, join(answersDir, mode));
      try {
        await collectAnswers(recorder);
      } finally {
        await roster.stop();
      }
      if (recorder.problems.length > 0) keepAnswers = true;
      expect(recorder.problems).toEqual([]);
    },
    180_000,
  );

  itWithMaven(
    'zuul, hrms, pgr, property-services and the token reader read every answer (mvn test)',
    async () => {
      if (!mavenFound) throw new Error(`${MVN} is not on PATH: the Java round trip of the integration tier cannot run`);
      const { code, output } = await run(MVN, ['-B', '-q', '-f', POM, 'test', `-Droster.answers=${answersDir}`]);
      if (code !== 0) {
        keepAnswers = true;
        throw new Error(`mvn test exited with ${code} (answers kept in ${answersDir}):\n${output}`);
      }
    },
    15 * 60_000,
  );
});

// --- the requests, client by client ---

interface Context {
  recorder: Recorder;
  mode: Mode;
  adminToken: string;
  /** The caller as zuul puts it into `RequestInfo.userInfo`: its `User` class serialised from `/user/_details`. */
  userInfo: Json;
  /** `{createdBy}` of what the admin creates: its numeric id (egov-user's userInfo.id), as hrms' and pt's String. */
  byAdmin: Json;
  /** Found or created by hrms at start; the uuid pgr's notifications put into userInfo. */
  internalUserUuid?: string;
  employeeUuid?: string;
}

async function collectAnswers(recorder: Recorder): Promise<void> {
  const context = await adminContext(recorder);
  if (!context) return;
  await recorder.flow('hrms start-up', () => hrmsStartUp(context));
  await recorder.flow('zuul anonymous user', () => zuulAnonymousUser(context));
  await recorder.flow('hrms employee', () => hrmsEmployee(context));
  await recorder.flow('pgr notification', () => pgrNotificationLookup(context));
  await recorder.flow('pgr citizen', () => pgrCitizen(context));
  await recorder.flow('property-services owner', () => ptOwner(context));
}

/** The bootstrap admin's token (the UI's login) and its `/user/_details` (zuul's AuthFilter). */
async function adminContext(recorder: Recorder): Promise<Context | null> {
  const login = await recorder.token(
    'admin',
    { username: ADMIN.userName, password: ADMIN.password, tenantId: ADMIN.tenantId, userType: 'SYSTEM' },
    () => ({
      user: { userName: ADMIN.userName, type: 'SYSTEM', tenantId: ADMIN.tenantId },
      roles: [{ code: 'SUPERUSER', tenantId: ADMIN.tenantId }],
    }),
  );
  const adminToken = stringAt(login.json, 'access_token');
  if (!adminToken) {
    recorder.problems.push(`${recorder.mode}: no admin token, nothing else can be asked`);
    return null;
  }
  const tokenUser = objectAt(login.json, 'UserRequest') ?? {};
  const details = await recorder.details('admin', adminToken, () => ({
    user: {
      ...numberField('id', tokenUser.id),
      uuid: tokenUser.uuid,
      userName: ADMIN.userName,
      type: 'SYSTEM',
      tenantId: ADMIN.tenantId,
    },
    roles: [{ code: 'SUPERUSER', tenantId: ADMIN.tenantId }],
  }));
  const userInfo = zuulUserInfo(details.json ?? tokenUser);
  const byAdmin = typeof userInfo.id === 'number' ? { createdBy: String(userInfo.id) } : {};
  return { recorder, mode: recorder.mode, adminToken, userInfo, byAdmin };
}

/** egov-hrms `initalizeSystemuser`: find the INTERNAL_MICROSERVICE_ROLE user, create it if there is none (raw map, uuid only). */
async function hrmsStartUp(context: Context): Promise<void> {
  const { recorder, mode, adminToken } = context;
  const requestInfo = emptyRequestInfo(mode, adminToken);
  const search = hrmsInternalUserSearch(requestInfo);
  const first = await recorder.send(`${HOST}/user/v1/_search`, search);
  if (first.status === 200 && arrayAt(first.json, 'user')?.length !== 0)
    recorder.problems.push(`${mode}: a fresh Roster already has an internal user: ${first.text}`);
  const created = await recorder.answer(
    'hrms',
    'user_users_createnovalidate.internal-user',
    `${HOST}/user/users/_createnovalidate`,
    hrmsInternalUserCreate(requestInfo),
    () => ({
      read: 'internal-user-uuid',
    }),
  );
  const uuid = stringAt(firstUser(created.json), 'uuid') ?? undefined;
  await recorder.answer('hrms', 'user_v1_search.internal-user', `${HOST}/user/v1/_search`, search, () => ({
    read: 'internal-user-uuid',
    user: { uuid },
  }));
  context.internalUserUuid = uuid;
}

/** zuul `fetchSystemUser` for mixed-mode endpoints: the SYSTEM user with role ANONYMOUS (seeded first, as operators do). */
async function zuulAnonymousUser({ recorder, mode, adminToken, userInfo }: Context): Promise<void> {
  const seeded = await recorder.send(`/user/users/_createnovalidate`, {
    RequestInfo: requestInfo11(mode, adminToken, userInfo, '_create'),
    user: {
      userName: 'ANONYMOUS',
      name: 'Anonymous',
      type: 'SYSTEM',
      mobileNumber: newMobile(),
      active: true,
      tenantId: 'pb',
      roles: [{ code: 'ANONYMOUS', name: 'Anonymous', tenantId: 'pb' }],
    },
  });
  if (seeded.status !== 200)
    recorder.problems.push(`${mode}: seeding the ANONYMOUS user → ${seeded.status}: ${seeded.text}`);
  const body = zuulUserSearchRequest({
    RequestInfo: noRequestInfo(mode, adminToken),
    tenantId: 'pb',
    pageSize: 1,
    userType: 'SYSTEM',
    roleCodes: ['ANONYMOUS'],
  });
  await recorder.answer(
    'zuul',
    'user_v1_search.system-user',
    `${HOST}/user/v1/_search`,
    body,
    () => ({
      read: 'system-user',
      count: 1,
      user: { userName: 'ANONYMOUS', type: 'SYSTEM', tenantId: 'pb' },
      roles: [{ code: 'ANONYMOUS', tenantId: 'pb' }],
    }),
    { accept: REST_TEMPLATE_ACCEPT, 'content-type': 'application/json' },
  );
}

/** egov-hrms: employee create (`RequestInfo` + `User`, dob epoch ms), searches, update with what its search gave it, then the employee's login. */
async function hrmsEmployee(context: Context): Promise<void> {
  const { recorder, mode, adminToken, userInfo, byAdmin } = context;
  const employee = hrmsUser({
    userName: `EMP-107-${unique()}`,
    password: PASSWORDS.employee,
    name: 'Ravi Kumar',
    gender: 'MALE',
    mobileNumber: newMobile(),
    correspondenceAddress: '12 Mall Road, Amritsar',
    active: true,
    dob: DOB_1990_01_01,
    type: 'EMPLOYEE',
    roles: [{ name: 'Employee', code: 'EMPLOYEE', description: null, tenantId: 'pb.amritsar' }],
    fatherOrHusbandName: 'Mohan Kumar',
    relationship: 'FATHER',
    tenantId: 'pb.amritsar',
  });
  const same = {
    userName: employee.userName,
    type: 'EMPLOYEE',
    tenantId: 'pb.amritsar',
    mobileNumber: employee.mobileNumber,
    active: true,
  };
  const roles = [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }];
  const created = await recorder.answer(
    'hrms',
    'user_users_createnovalidate.employee',
    `${HOST}/user/users/_createnovalidate`,
    { RequestInfo: requestInfo11(mode, adminToken, userInfo, '_create'), User: employee },
    (window) => ({
      count: 1,
      user: { ...same, name: employee.name },
      roles,
      createdBetween: window,
      modifiedBetween: window,
      dob: DOB_1990_01_01,
      password: true,
      ...byAdmin,
    }),
  );
  const createdUser = firstUser(created.json);
  const uuid = stringAt(createdUser, 'uuid');
  if (!uuid) throw new Error(`no uuid in the create answer: ${created.text}`);
  context.employeeUuid = uuid;
  const searchInfo = requestInfo11(mode, adminToken, userInfo, '_search');
  const search = await recorder.answer(
    'hrms',
    'user_v1_search.employee-by-uuid',
    `${HOST}/user/v1/_search`,
    hrmsEmployeeSearch(searchInfo, { uuid: [uuid] }),
    () => ({
      count: 1,
      user: { ...same, uuid, name: employee.name },
      roles,
      createdBetween: created.window,
      dob: DOB_1990_01_01,
      password: true,
      ...byAdmin,
    }),
  );
  await recorder.answer(
    'hrms',
    'user_v1_search.employee-by-phone',
    `${HOST}/user/v1/_search`,
    hrmsEmployeeSearch(searchInfo, { tenantId: 'pb.amritsar', mobileNumber: employee.mobileNumber }),
    () => ({ count: 1, user: { ...same, uuid }, createdBetween: created.window, dob: DOB_1990_01_01 }),
  );
  const asHrmsHasIt = hrmsUserFrom(firstUser(search.json) ?? createdUser ?? {});
  const renamed = 'Ravi Kumar Verma';
  await recorder.answer(
    'hrms',
    'user_users_updatenovalidate.employee',
    `${HOST}/user/users/_updatenovalidate`,
    {
      RequestInfo: requestInfo11(mode, adminToken, userInfo, '_update'),
      User: { ...asHrmsHasIt, userName: employee.userName, name: renamed, active: true },
    },
    (window) => ({
      count: 1,
      user: { ...same, uuid, name: renamed },
      roles,
      createdBetween: created.window,
      modifiedBetween: window,
      dob: DOB_1990_01_01,
      password: true,
    }),
  );
  await recorder.answer(
    'hrms',
    'user_v1_search.employee-by-name',
    `${HOST}/user/v1/_search`,
    hrmsEmployeeSearch(searchInfo, { tenantId: 'pb.amritsar', name: renamed }),
    () => ({
      count: 1,
      user: { ...same, uuid, name: renamed },
    }),
  );
  await recorder.answer(
    'hrms',
    'user_v1_search.employee-by-role',
    `${HOST}/user/v1/_search`,
    hrmsEmployeeSearch(searchInfo, { tenantId: 'pb.amritsar', roleCodes: ['EMPLOYEE'] }),
    () => ({ count: 1, user: { ...same, uuid }, roles }),
  );

  // What the token's UserRequest and /user/_details both say of the employee.
  const expectedEmployee = () => ({
    user: {
      ...numberField('id', createdUser?.id),
      uuid,
      userName: employee.userName,
      name: renamed,
      type: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    },
    roles,
  });
  const login = await recorder.token(
    'employee',
    { username: employee.userName, password: employee.password, tenantId: 'pb.amritsar', userType: 'EMPLOYEE' },
    expectedEmployee,
  );
  const token = stringAt(login.json, 'access_token');
  if (!token) throw new Error(`the employee cannot log in: ${login.text}`);
  await recorder.details('employee', token, expectedEmployee);
}

/**
 * pgr-services `NotificationService.fetchUserByUUID`: the assignee employee by uuid, with the request's userInfo
 * replaced by the internal microservice user (id 0, no tenant); user[0] becomes services-common's User.
 */
async function pgrNotificationLookup({
  recorder,
  mode,
  adminToken,
  userInfo,
  internalUserUuid,
  employeeUuid,
}: Context): Promise<void> {
  if (!employeeUuid) throw new Error('no employee to look up');
  const internalUser = internalMicroserviceUserInfo('pb.amritsar', internalUserUuid ?? null);
  const body = {
    RequestInfo: { ...requestInfo101(mode, adminToken, userInfo, '_search'), userInfo: internalUser },
    tenantId: 'pb.amritsar',
    userType: 'EMPLOYEE',
    uuid: [employeeUuid],
  };
  await recorder.answer('pgr', 'user_search.notification-assignee', `${HOST}/user/_search`, body, () => ({
    read: 'notification-user',
    user: { uuid: employeeUuid, type: 'EMPLOYEE', tenantId: 'pb.amritsar' },
    roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
  }));
}

/** pgr-services `upsertUser`: search by mobile as userName (`RequestInfo: null`), create (`requestInfo` + `user`), rename, bulk and mobile searches. */
async function pgrCitizen({ recorder, mode, adminToken, userInfo }: Context): Promise<void> {
  const mobile = newMobile();
  const byUserName = pgrUserSearchRequest({
    RequestInfo: noRequestInfo(mode, adminToken),
    userName: mobile,
    tenantId: 'pb',
  });
  await recorder.answer('pgr', 'user_search.citizen-absent', `${HOST}/user/_search`, byUserName, () => ({ count: 0 }));
  const citizen = pgrNewCitizen(mobile, 'Ram Prasad');
  const same = { userName: mobile, type: 'CITIZEN', tenantId: 'pb', mobileNumber: mobile, active: true };
  const roles = [{ code: 'CITIZEN', tenantId: 'pb' }];
  const created = await recorder.answer(
    'pgr',
    'user_users_createnovalidate.citizen',
    `${HOST}/user/users/_createnovalidate`,
    { requestInfo: requestInfo101(mode, adminToken, userInfo, '_create'), user: citizen },
    () => ({ count: 1, user: { ...same, name: citizen.name }, roles }),
  );
  const uuid = stringAt(firstUser(created.json), 'uuid');
  if (!uuid) throw new Error(`no uuid in the create answer: ${created.text}`);
  const found = await recorder.answer('pgr', 'user_search.citizen', `${HOST}/user/_search`, byUserName, () => ({
    count: 1,
    user: { ...same, uuid, name: citizen.name },
    roles,
  }));
  const fromSearch = firstUser(found.json) ?? {};
  const renamed = {
    ...pick(fromSearch, [
      'id',
      'userName',
      'name',
      'type',
      'mobileNumber',
      'emailId',
      'roles',
      'tenantId',
      'uuid',
      'active',
    ]),
    roles: (arrayAt(fromSearch, 'roles') ?? []).map((role) => ({
      id: null,
      ...pick(role as Json, ['name', 'code', 'tenantId']),
    })),
    name: 'Ram Prasad Gupta',
    active: true,
  };
  await recorder.answer(
    'pgr',
    'user_users_updatenovalidate.citizen',
    `${HOST}/user/users/_updatenovalidate`,
    { requestInfo: requestInfo101(mode, adminToken, userInfo, '_update'), user: renamed },
    () => ({ count: 1, user: { ...same, uuid, name: renamed.name }, roles }),
  );
  const bulk = pgrUserSearchRequest({ RequestInfo: noRequestInfo(mode, adminToken), uuid: [uuid] });
  await recorder.answer('pgr', 'user_search.bulk-by-uuid', `${HOST}/user/_search`, bulk, () => ({
    count: 1,
    user: { ...same, uuid },
  }));
  const byMobile = pgrUserSearchRequest({
    RequestInfo: noRequestInfo(mode, adminToken),
    mobileNumber: mobile,
    tenantId: 'pb.amritsar',
  });
  await recorder.answer('pgr', 'user_search.by-mobile-city-tenant', `${HOST}/user/_search`, byMobile, () => ({
    count: 1,
    user: { ...same, uuid },
  }));
}

/** property-services: `userExists`, create through `/user/users//_createnovalidate` (OwnerInfo, random-UUID userName), searches, update. */
async function ptOwner({ recorder, mode, adminToken, userInfo, byAdmin }: Context): Promise<void> {
  const mobile = newMobile();
  const name = 'Sita Devi';
  const searchInfo = requestInfo11(mode, adminToken, userInfo, '_search');
  const base = ptBaseUserSearchRequest('pb.amritsar', searchInfo);
  await recorder.answer(
    'pt',
    'user_search.owner-absent',
    `${HOST}/user/_search`,
    { ...base, name, mobileNumber: mobile },
    () => ({ count: 0 }),
  );
  const owner = ptOwnerInfo({
    userName: randomUUID(),
    name,
    gender: 'FEMALE',
    mobileNumber: mobile,
    permanentAddress: '7 Lawrence Road',
    permanentCity: 'Amritsar',
    permanentPinCode: '143001',
    correspondenceAddress: '7 Lawrence Road, Amritsar',
    active: true,
    dob: DOB_1990_08_15,
    type: 'CITIZEN',
    roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: null }],
    fatherOrHusbandName: 'Mohan Lal',
    tenantId: 'pb.amritsar',
    isPrimaryOwner: true,
    ownerShipPercentage: 100.0,
    ownerType: 'NONE',
    status: 'ACTIVE',
    relationship: 'HUSBAND',
  });
  const same = { userName: owner.userName, type: 'CITIZEN', tenantId: 'pb', mobileNumber: mobile, active: true };
  const roles = [{ code: 'CITIZEN' }];
  const created = await recorder.answer(
    'pt',
    'user_users_createnovalidate.owner',
    `${HOST}/user/users//_createnovalidate`,
    { requestInfo: requestInfo11(mode, adminToken, userInfo, '_create'), user: owner },
    (window) => ({
      count: 1,
      user: { ...same, name },
      roles,
      createdBetween: window,
      modifiedBetween: window,
      dob: DOB_1990_08_15,
      password: false,
      ...byAdmin,
    }),
  );
  const uuid = stringAt(firstUser(created.json), 'uuid');
  if (!uuid) throw new Error(`no uuid in the create answer: ${created.text}`);
  const found = await recorder.answer(
    'pt',
    'user_search.owner-by-uuid',
    `${HOST}/user/_search`,
    { ...base, uuid: [uuid] },
    () => ({
      count: 1,
      user: { ...same, uuid, name },
      roles,
      createdBetween: created.window,
      dob: DOB_1990_08_15,
      password: false,
    }),
  );
  // searchByUserName (`getUUidFromUserName`): a new UserSearchRequest, RequestInfo null, active null, state tenant; owners have UUID user names
  const byUserName = ptUserSearchRequest({
    RequestInfo: noRequestInfo(mode, adminToken),
    userName: mobile,
    tenantId: 'pb',
    userType: 'CITIZEN',
  });
  await recorder.answer('pt', 'user_search.by-username', `${HOST}/user/_search`, byUserName, () => ({ count: 0 }));
  await recorder.answer(
    'pt',
    'user_search.owner-empty-uuid-list',
    `${HOST}/user/_search`,
    { ...base, name, mobileNumber: mobile, uuid: [] },
    () => ({
      count: 1,
      user: { ...same, uuid },
    }),
  );
  const fromSearch = hrmsUserFrom(firstUser(found.json) ?? {});
  const updated = {
    ...owner,
    ...pick(fromSearch, ['id', 'uuid', 'userName', 'dob', 'pwdExpiryDate', 'accountLocked', 'alternatemobilenumber']),
    // addUserDefaultFields again: active, tenant, citizen role without tenant, no audit fields
    createdBy: null,
    createdDate: null,
    lastModifiedBy: null,
    lastModifiedDate: null,
    emailId: 'sita.devi@example.com',
  };
  await recorder.answer(
    'pt',
    'user_users_updatenovalidate.owner',
    `${HOST}/user/users//_updatenovalidate`,
    { requestInfo: requestInfo11(mode, adminToken, userInfo, '_update'), user: updated },
    (window) => ({
      count: 1,
      user: { ...same, uuid, name },
      roles,
      createdBetween: created.window,
      modifiedBetween: window,
      dob: DOB_1990_08_15,
    }),
  );
}

// --- request shapes ---

/** The RequestInfo a service got with the admin's request and passes on: behind zuul no authToken and zuul's correlationId and userInfo; standing alone the token too. */
function forwardedFields(mode: Mode, adminToken: string, userInfo: Json, action: string): Json {
  return {
    ...moduleRequestInfo(action),
    authToken: mode === 'token' ? adminToken : null,
    correlationId: randomUUID(),
    userInfo,
  };
}

/** services-common 1.0.1 RequestInfo (pgr) as forwarded. */
function requestInfo101(mode: Mode, adminToken: string, userInfo: Json, action: string): Json {
  return javaRequestInfoV1(forwardedFields(mode, adminToken, userInfo, action));
}

/** services-common 1.1.x RequestInfo (hrms, pt) as forwarded: 1.0.1 plus `plainAccessRequest`. */
function requestInfo11(mode: Mode, adminToken: string, userInfo: Json, action: string): Json {
  return javaRequestInfo(forwardedFields(mode, adminToken, userInfo, action));
}

/** `new RequestInfo()` (hrms start-up): every field null; standing alone, the token is the one field set. */
function emptyRequestInfo(mode: Mode, adminToken: string): Json {
  return javaRequestInfo({ authToken: mode === 'token' ? adminToken : null });
}

/** `"RequestInfo": null` as zuul, pgr and pt send it on searches; standing alone a RequestInfo with only the token. */
function noRequestInfo(mode: Mode, adminToken: string): Json | null {
  return mode === 'token' ? emptyRequestInfo(mode, adminToken) : null;
}

/** zuul's `User` as it serialises into `RequestInfo.userInfo` (no actions, role ids null). */
function zuulUserInfo(user: Json): Json {
  return {
    ...pick(user, ['id', 'uuid', 'userName', 'name', 'type', 'mobileNumber', 'emailId', 'tenantId']),
    roles: (arrayAt(user, 'roles') ?? []).map((role) => ({
      id: null,
      ...pick(role as Json, ['name', 'code', 'tenantId']),
    })),
  };
}

/**
 * A user of an egov-user answer as hrms (or pt) holds it after its parseResponse and sends it back: dates as epoch ms,
 * createdBy/lastModifiedBy as strings. A value that does not convert is sent as null; the Java side reports the answer.
 */
function hrmsUserFrom(answered: Json): Json {
  const user: Json = hrmsUser();
  for (const key of Object.keys(user)) if (key in answered) user[key] = answered[key];
  for (const key of ['createdDate', 'lastModifiedDate', 'pwdExpiryDate'] as const)
    user[key] = egovDateTimeMs(answered[key]);
  user.dob = isoDayMs(answered.dob);
  for (const key of ['createdBy', 'lastModifiedBy'] as const)
    user[key] = answered[key] == null ? null : String(answered[key]);
  user.roles = (arrayAt(answered, 'roles') ?? []).map((role) => ({
    ...pick(role as Json, ['name', 'code']),
    description: null,
    ...pick(role as Json, ['tenantId']),
  }));
  return user;
}

/** `dd-MM-yyyy HH:mm:ss` (UTC) as epoch ms, else null. */
function egovDateTimeMs(value: unknown): number | null {
  const match = typeof value === 'string' ? /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value) : null;
  return match ? Date.UTC(+match[3], +match[2] - 1, +match[1], +match[4], +match[5], +match[6]) : null;
}

/** `yyyy-MM-dd` as epoch ms of UTC midnight, else null. */
function isoDayMs(value: unknown): number | null {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : null;
}

// --- recording ---

interface Recorded {
  status: number;
  text: string;
  json: Json | null;
  /** Epoch ms just before the request and just after the answer: any time the write took falls within. */
  window: Window;
}

/** Sends requests, saves each client answer as `<dir>/<client>/<name>.json` with `<name>.expect.json`, and collects what went wrong. */
class Recorder {
  readonly problems: string[] = [];

  constructor(
    private readonly baseUrl: string,
    readonly mode: Mode,
    private readonly dir: string,
  ) {}

  /** One client flow; an exception ends that flow only (its later requests depend on the failed one). */
  async flow(name: string, steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
    } catch (error) {
      this.problems.push(`${this.mode}: ${name} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A service call (hrms, pgr, pt, zuul's search) whose answer the client reads; expectations may use the call's window. */
  async answer(
    client: Client,
    name: string,
    path: string,
    body: Json,
    expectations: (window: Window) => Json,
    headers: Record<string, string> = this.serviceHeaders(),
  ): Promise<Recorded> {
    const recorded = await this.post(path, JSON.stringify(body), headers);
    this.save(client, name, path, body, recorded, expectations(recorded.window));
    return recorded;
  }

  /** A call whose answer no client class reads (set-up, or a raw-map read checked here). */
  async send(path: string, body: Json): Promise<Recorded> {
    return this.post(path, JSON.stringify(body), this.serviceHeaders());
  }

  /** The DIGIT UI's login: the form-encoded password grant with egov-user's client credentials. */
  async token(name: string, form: Record<string, string>, expectations: () => Json): Promise<Recorded> {
    const body = new URLSearchParams({ ...form, scope: 'read', grant_type: 'password' }).toString();
    const recorded = await this.post('/user/oauth/token', body, {
      authorization: EGOV_CLIENT_BASIC,
      'content-type': 'application/x-www-form-urlencoded',
    });
    this.save('ui', `user_oauth_token.${name}`, '/user/oauth/token', { ...form, password: '…' }, recorded, {
      read: 'token',
      ...expectations(),
    });
    return recorded;
  }

  /** zuul's AuthFilter: `POST /user/_details?access_token=` with no body and no content type. */
  async details(name: string, token: string, expectations: () => Json): Promise<Recorded> {
    const path = `/user/_details?access_token=${token}`;
    const recorded = await this.post(path, undefined, zuulAuthFilterHeaders());
    this.save('zuul', `user_details.${name}`, '/user/_details?access_token=…', null, recorded, {
      read: 'details',
      ...expectations(),
    });
    return recorded;
  }

  private serviceHeaders(): Record<string, string> {
    return restTemplateHeaders();
  }

  private async post(path: string, body: string | undefined, headers: Record<string, string>): Promise<Recorded> {
    const started = Date.now();
    const response = await fetch(this.baseUrl + path, { method: 'POST', body, headers });
    const text = await response.text();
    const window: Window = [started, Date.now()];
    let json: Json | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      json = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : null;
    } catch {
      json = null;
    }
    return { status: response.status, text, json, window };
  }

  private save(
    client: Client,
    name: string,
    path: string,
    request: unknown,
    recorded: Recorded,
    expectations: Json,
  ): void {
    const folder = join(this.dir, client);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.json`), recorded.text);
    const expectFile = { client, mode: this.mode, path, status: recorded.status, request, ...expectations };
    writeFileSync(join(folder, `${name}.expect.json`), JSON.stringify(expectFile, null, 2));
    if (recorded.status !== 200)
      this.problems.push(`${this.mode}: ${client} POST ${path} → HTTP ${recorded.status}: ${recorded.text}`);
  }
}

// --- small helpers ---

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    // Maven colours its output even with -B on some terminals; the failure message is read as plain text
    // eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes being stripped
    child.once('close', (code) => resolveRun({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

function pick(source: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

function objectAt(source: Json | null | undefined, key: string): Json | null {
  const value = source?.[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function arrayAt(source: Json | null | undefined, key: string): unknown[] | null {
  const value = source?.[key];
  return Array.isArray(value) ? value : null;
}

function stringAt(source: Json | null | undefined, key: string): string | null {
  const value = source?.[key];
  return typeof value === 'string' ? value : null;
}

function firstUser(answer: Json | null): Json | null {
  const first = arrayAt(answer, 'user')?.[0];
  return first !== null && typeof first === 'object' ? (first as Json) : null;
}

/** `{key: value}` when value is a number (an expectation taken from another answer only if that answer had it right). */
function numberField(key: string, value: unknown): Json {
  return typeof value === 'number' ? { [key]: value } : {};
}
