import type { EgovClient } from './support/egov-client';
import { newMobile, PASSWORDS, unique } from './support/egov-client';
import {
  ADMIN,
  EgovRoster,
  employeeInput,
  expectTokenBody,
  expectUsersEnvelope,
  sleep,
  uuidsOf,
} from './support/egov-roster';

/**
 * An HRMS-style flow on the egov-user face: the bootstrap SYSTEM admin creates employees with roles through
 * `/user/users/_createnovalidate` (one `user`, bulk `users[]` and `Users[]`), an employee logs in and searches
 * with the criteria DIGIT modules use.
 */
describe('egov employee journey', () => {
  let roster: EgovRoster;
  let egov: EgovClient;
  let adminToken: string;
  let employeeToken: string;
  const prefix = `J${unique()}`;
  const altContactNumber = newMobile();
  const roles = (...codes: string[]) => codes.map((code) => ({ code, tenantId: 'pb.amritsar' }));

  // userNames sort the other way round from names, so sorting by either is visible.
  const anil = employeeInput({
    userName: `${prefix}-5`,
    name: 'Anil Kapoor',
    altContactNumber,
    roles: roles('EMPLOYEE', 'HRMS_ADMIN'),
  });
  const bela = employeeInput({ userName: `${prefix}-4`, name: 'Bela Singh' });
  const chetan = employeeInput({ userName: `${prefix}-3`, name: 'Chetan Das' });
  const deepa = employeeInput({ userName: `${prefix}-2`, name: 'Deepa Rao', roles: roles('EMPLOYEE', 'HRMS_ADMIN') });
  const esha = employeeInput({ userName: `${prefix}-1`, name: 'Esha Gill', active: false });
  const uuid: Record<string, string> = {};
  let changedSince: number;

  beforeAll(async () => {
    roster = await EgovRoster.start();
    egov = roster.egov;
  });
  afterAll(() => roster.stop());

  const search = (body: Record<string, unknown>, path = '/user/_search', query = '') =>
    egov.post(`${path}${query}`, { tenantId: 'pb.amritsar', ...body }, employeeToken);
  const names = (answer: Awaited<ReturnType<typeof search>>) =>
    expectUsersEnvelope(answer).map((user: { name: string }) => user.name);

  it('the bootstrap SYSTEM admin logs in', async () => {
    const answer = await egov.login({
      username: ADMIN.userName,
      password: ADMIN.password,
      tenantId: ADMIN.tenantId,
      userType: 'SYSTEM',
    });
    expectTokenBody(answer);
    expect(answer.body.UserRequest).toMatchObject({ userName: ADMIN.userName, type: 'SYSTEM', tenantId: 'pb' });
    expect(answer.body.UserRequest.roles.map((role: { code: string }) => role.code)).toContain('SUPERUSER');
    adminToken = answer.body.access_token;
  });

  it('creates one EMPLOYEE with roles from a single `user`', async () => {
    const answer = await egov.post('/user/users/_createnovalidate', { user: anil }, adminToken);
    const [created] = expectUsersEnvelope(answer);
    expect(created).toMatchObject({
      userName: anil.userName,
      name: 'Anil Kapoor',
      mobileNumber: anil.mobileNumber,
      altContactNumber,
      emailId: 'rita.verma@example.com',
      gender: 'FEMALE',
      dob: '17/05/1985',
      type: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      active: true,
    });
    expect(created.uuid).toEqual(expect.any(String));
    expect(created.id).toEqual(expect.any(Number));
    expect(created.password ?? null).toBeNull();
    expect(created.roles.map((role: { code: string }) => role.code).sort()).toEqual(['EMPLOYEE', 'HRMS_ADMIN']);
    uuid.anil = created.uuid;
  });

  it('creates a bulk `users[]`', async () => {
    const answer = await egov.post('/user/users/_createnovalidate', { users: [bela, chetan] }, adminToken);
    const created = expectUsersEnvelope(answer);
    expect(created.map((user: { userName: string }) => user.userName)).toEqual([bela.userName, chetan.userName]);
    [uuid.bela, uuid.chetan] = created.map((user: { uuid: string }) => user.uuid);
  });

  it('the employee logs in with its city tenant', async () => {
    const answer = await egov.login({
      username: anil.userName as string,
      password: PASSWORDS.employee,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
    });
    expectTokenBody(answer);
    expect(answer.body.UserRequest).toMatchObject({ uuid: uuid.anil, type: 'EMPLOYEE', tenantId: 'pb.amritsar' });
    employeeToken = answer.body.access_token;
  });

  it('creates a bulk `Users[]` later (one of them inactive)', async () => {
    await sleep(20);
    changedSince = Date.now();
    await sleep(20);
    const answer = await egov.post('/user/users/_createnovalidate', { Users: [deepa, esha] }, adminToken);
    const created = expectUsersEnvelope(answer);
    expect(created.map((user: { active: boolean }) => user.active)).toEqual([true, false]);
    [uuid.deepa, uuid.esha] = created.map((user: { uuid: string }) => user.uuid);
  });

  it('searches by roleCodes: users holding all of them', async () => {
    expect(names(await search({ roleCodes: ['EMPLOYEE', 'HRMS_ADMIN'] }))).toEqual(['Anil Kapoor', 'Deepa Rao']);
    expect(names(await search({ roleCodes: ['HRMS_ADMIN'] }))).toEqual(['Anil Kapoor', 'Deepa Rao']);
    expect(names(await search({ roleCodes: ['EMPLOYEE'] }))).toEqual([
      'Anil Kapoor',
      'Bela Singh',
      'Chetan Das',
      'Deepa Rao',
    ]);
    expect(names(await search({ roleCodes: ['EMPLOYEE', 'NO_SUCH_ROLE'] }))).toEqual([]);
  });

  it('searches by lastChangedSince (epoch ms)', async () => {
    expect(uuidsOf(await search({ lastChangedSince: changedSince, roleCodes: ['EMPLOYEE'] }))).toEqual([uuid.deepa]);
    expect(
      uuidsOf(await search({ lastChangedSince: changedSince, roleCodes: ['EMPLOYEE'] }, '/user/v1/_search')).sort(),
    ).toEqual([uuid.deepa, uuid.esha].sort());
  });

  it('a role change through _updatenovalidate counts as a change and is searchable at once', async () => {
    const before = Date.now();
    await sleep(20);
    const answer = await egov.post(
      '/user/users/_updatenovalidate',
      { user: { ...withoutPassword(bela), uuid: uuid.bela, roles: roles('EMPLOYEE', 'HRMS_ADMIN') } },
      adminToken,
    );
    expect(
      expectUsersEnvelope(answer)[0]
        .roles.map((role: { code: string }) => role.code)
        .sort(),
    ).toEqual(['EMPLOYEE', 'HRMS_ADMIN']);
    expect(names(await search({ roleCodes: ['EMPLOYEE', 'HRMS_ADMIN'] }))).toEqual([
      'Anil Kapoor',
      'Bela Singh',
      'Deepa Rao',
    ]);
    expect(uuidsOf(await search({ lastChangedSince: before }))).toEqual([uuid.bela]);
  });

  it('takes criteria from query parameters too, ANDed with the body', async () => {
    const byQuery = await egov.post(
      `/user/_search?tenantId=pb.amritsar&userName=${encodeURIComponent(chetan.userName as string)}`,
      {},
      employeeToken,
    );
    expect(uuidsOf(byQuery)).toEqual([uuid.chetan]);
    const both = await search(
      { name: 'Anil' },
      '/user/_search',
      `?userName=${encodeURIComponent(chetan.userName as string)}`,
    );
    expect(uuidsOf(both)).toEqual([]);
    const uuidQuery = await egov.post(`/user/_search?tenantId=pb.amritsar&uuid=${uuid.deepa}`, {}, employeeToken);
    expect(uuidsOf(uuidQuery)).toEqual([uuid.deepa]);
  });

  it('sorts (name by default, whitelisted fields) and pages with pageSize/pageNumber', async () => {
    const employees = { roleCodes: ['EMPLOYEE'] };
    expect(names(await search(employees))).toEqual(['Anil Kapoor', 'Bela Singh', 'Chetan Das', 'Deepa Rao']);
    expect(uuidsOf(await search({ ...employees, sort: ['userName'] }))).toEqual([
      uuid.deepa,
      uuid.chetan,
      uuid.bela,
      uuid.anil,
    ]);
    expect(names(await search({ ...employees, pageSize: 2, pageNumber: 0 }))).toEqual(['Anil Kapoor', 'Bela Singh']);
    expect(names(await search({ ...employees, pageSize: 2, pageNumber: 1 }))).toEqual(['Chetan Das', 'Deepa Rao']);
    expect(names(await search({ ...employees, pageSize: 2, pageNumber: 2 }))).toEqual([]);
    expect(names(await search({ ...employees, sort: ['userName'], pageSize: 3, pageNumber: 1 }))).toEqual([
      'Anil Kapoor',
    ]);
  });

  it('mobileNumber matches the alternate number as well', async () => {
    expect(uuidsOf(await search({ mobileNumber: altContactNumber }))).toEqual([uuid.anil]);
    expect(uuidsOf(await search({ mobileNumber: chetan.mobileNumber }))).toEqual([uuid.chetan]);
  });

  it('name, userName, emailId and userType criteria', async () => {
    expect(uuidsOf(await search({ name: 'bela' }))).toEqual([uuid.bela]);
    expect(uuidsOf(await search({ userName: deepa.userName }))).toEqual([uuid.deepa]);
    expect(
      uuidsOf(await search({ emailId: 'rita.verma@example.com', roleCodes: ['HRMS_ADMIN'], userType: 'EMPLOYEE' })),
    ).toEqual([uuid.anil, uuid.bela, uuid.deepa]);
    expect(uuidsOf(await search({ userType: 'CITIZEN', roleCodes: ['EMPLOYEE'] }))).toEqual([]);
  });

  it('`_search` answers active users unless asked otherwise; `v1/_search` has no default', async () => {
    const esha1 = { userName: esha.userName };
    expect(uuidsOf(await search(esha1))).toEqual([]);
    expect(uuidsOf(await search({ ...esha1, active: false }))).toEqual([uuid.esha]);
    expect(uuidsOf(await search(esha1, '/user/v1/_search'))).toEqual([uuid.esha]);
    expect(uuidsOf(await search({ ...esha1, active: true }, '/user/v1/_search'))).toEqual([]);
    expect(uuidsOf(await search({ uuid: [uuid.anil, uuid.esha] }))).toEqual([uuid.anil]);
  });

  it('an inactive employee cannot log in', async () => {
    const answer = await egov.login({
      username: esha.userName as string,
      password: PASSWORDS.employee,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
    });
    expect(answer.status).toBe(401);
  });
});

function withoutPassword(user: Record<string, unknown>): Record<string, unknown> {
  const { password: _password, ...rest } = user;
  return rest;
}
