import { randomUUID } from 'node:crypto';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';
import { EgovClient, newMobile, PASSWORDS, unique } from './support/egov-client';
import { ADMIN, errorCodesOf, expectUsersEnvelope, tokenOf, uuidsOf } from './support/egov-roster';
import { headOf, openEventLog } from './support/event-log';
import type { HttpAnswer, HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import type { RunningRoster } from './support/roster-harness';
import { startRoster } from './support/roster-harness';

const TENANT = 'pb';

/**
 * DELETE /users/{id} over HTTP, on the nCore and egov faces of one all-in-one process: who may erase, what an erased
 * user answers afterwards (410 on nCore, unknown on egov), that it leaves every list and search, that its userName
 * and mobile number can be taken again, and that a parent is refused while it has children.
 */
describe('user erasure', () => {
  let roster: RunningRoster;
  let api: HttpClient;
  let egov: EgovClient;
  let adminToken: string;
  /** May read, create and update every type, but not erase. */
  let writerKey: string;
  /** May erase employees only. */
  let employeeEraserKey: string;

  /** The consistency token of the last write: reads wait for the read model to include it. */
  let token = '0';
  const consistent = () => ({ 'x-consistency-token': token });
  const written = (answer: HttpAnswer, status: number) => {
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
    token = answer.headers.get('x-consistency-token') as string;
    return answer;
  };

  beforeAll(async () => {
    roster = await startRoster({
      ROSTER_BOOTSTRAP_TENANT: TENANT,
      ROSTER_SECRET: 'e2e-erasure-secret-0123456789abcdef0123456789',
      ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
      ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
    });
    api = roster.client;
    egov = new EgovClient(api.baseUrl);
    writerKey = generateApiKey();
    employeeEraserKey = generateApiKey();
    const log = openEventLog(roster.dataDir);
    await log.appendMany([
      apiKeyIssuance(writerKey, {
        tenantId: TENANT,
        permissions: ['user:read', 'user:create:*', 'user:update:*'],
        label: 'e2e',
        at: new Date(),
      }),
      apiKeyIssuance(employeeEraserKey, {
        tenantId: TENANT,
        permissions: ['user:read', 'user:erase:employee'],
        label: 'e2e',
        at: new Date(),
      }),
    ]);
    await log.close();
    adminToken = tokenOf(
      await egov.login({ username: ADMIN.userName, password: ADMIN.password, tenantId: TENANT, userType: 'SYSTEM' }),
    );
  });
  afterAll(() => roster.close());

  /** A citizen signing in with its mobile number, created by the egov admin with a password. */
  async function newCitizen(mobileNumber = newMobile()) {
    const answer = await egov.post(
      '/user/users/_createnovalidate',
      {
        user: {
          userName: mobileNumber,
          name: `Erasable ${unique()}`,
          mobileNumber,
          emailId: `erasable.${unique().toLowerCase()}@example.com`,
          gender: 'FEMALE',
          type: 'CITIZEN',
          tenantId: TENANT,
          active: true,
          password: PASSWORDS.citizen,
          roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: TENANT }],
        },
      },
      adminToken,
    );
    const [created] = expectUsersEnvelope(answer);
    return { id: created.uuid as string, mobileNumber };
  }
  const citizenLogin = (userName: string) =>
    egov.login({ username: userName, password: PASSWORDS.citizen, tenantId: TENANT, userType: 'CITIZEN' });
  /**
   * The egov search, reading after `readAfter` (default: the last nCore write); with `{}`, after the egov client's
   * own last write, whose token it sends by itself.
   */
  const egovSearch = (criteria: Record<string, unknown>, readAfter: Record<string, string> = consistent()) =>
    egov.postRaw(
      '/user/_search',
      JSON.stringify({ RequestInfo: EgovClient.requestInfo(adminToken), tenantId: TENANT, ...criteria }),
      { 'content-type': 'application/json', ...readAfter },
    );
  const erase = (id: string, client = api) => client.send('DELETE', `/users/${id}`);
  /** An egov answer without what differs between any two answers (its own message id and time). */
  const withoutEcho = (body: { ResponseInfo?: Record<string, unknown> }) => ({
    ...body,
    ResponseInfo: { ...body.ResponseInfo, resMsgId: undefined, ts: undefined },
  });

  describe('a citizen', () => {
    let citizen: { id: string; mobileNumber: string };
    let citizenToken: string;

    beforeAll(async () => {
      citizen = await newCitizen();
      citizenToken = tokenOf(await citizenLogin(citizen.mobileNumber));
      written(await api.put(`/users/${citizen.id}`, { middle_name: 'K' }), 200);
    });

    it('is refused (403, nothing written) to a key without user:erase:citizen', async () => {
      for (const key of [writerKey, employeeEraserKey]) {
        const answer = await expectProblem(roster.dataDir, () => erase(citizen.id, api.withKey(key)), 403, 'x-api-key');
        expect(answer.body.detail).toContain('user:erase:');
      }
      expect((await api.get(`/users/${citizen.id}`, consistent())).status).toBe(200);
    });

    it('is erased: 204 without a body, with the consistency token of the erasure', async () => {
      const answer = written(await erase(citizen.id), 204);
      expect(answer.body === '' || answer.body === null || answer.body === undefined).toBe(true);
      expect(token).toMatch(/^\d+$/);
    });

    it('answers 410 Gone naming the id to every nCore read and write of it, a second DELETE included', async () => {
      const gone = (request: () => Promise<HttpAnswer>) =>
        expectProblem(roster.dataDir, request, 410, 'id', 'user_erased');
      await gone(() => api.get(`/users/${citizen.id}`, consistent()));
      await gone(() => api.get(`/users/${citizen.id}`));
      await gone(() => api.get(`/users/${citizen.id}/history`));
      await gone(() => api.get(`/users/${citizen.id}?as_of_revision=0`));
      await gone(() => api.get(`/users/${citizen.id}?as_of=${encodeURIComponent(new Date().toISOString())}`));
      await gone(() => api.get(`/users/${citizen.id}/children`, consistent()));
      await gone(() => api.get(`/users/${citizen.id}/ancestors`, consistent()));
      await gone(() => api.put(`/users/${citizen.id}`, { middle_name: 'Q' }));
      await gone(() => erase(citizen.id));
      // A key that may erase only some types learns the user is gone before any type is asked for.
      await gone(() => erase(citizen.id, api.withKey(employeeEraserKey)));
    });

    it('is in no nCore list or search, nor in the egov search', async () => {
      const listed: string[] = [];
      let after: string | null = null;
      do {
        const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const page = await api.get(`/users?limit=100${query}`, consistent());
        expect(page.status).toBe(200);
        listed.push(...page.body.data.map((user: { id: string }) => user.id));
        after = page.body.paging.after;
      } while (after);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed).not.toContain(citizen.id);
      const searched = await api.post('/users:search', { mobile: citizen.mobileNumber }, consistent());
      expect(searched.status).toBe(200);
      expect(searched.body.data).toEqual([]);

      expect(uuidsOf(await egovSearch({ uuid: [citizen.id] }))).toEqual([]);
      expect(uuidsOf(await egovSearch({ mobileNumber: citizen.mobileNumber }))).toEqual([]);
      expect(uuidsOf(await egovSearch({ userName: citizen.mobileNumber }))).toEqual([]);
    });

    it('is unknown to the egov face: its login and its token answer as for a user that never existed', async () => {
      const nobody = newMobile();
      const erasedLogin = await citizenLogin(citizen.mobileNumber);
      const unknownLogin = await citizenLogin(nobody);
      expect(erasedLogin.status).toBe(unknownLogin.status);
      expect(withoutEcho(erasedLogin.body)).toEqual(withoutEcho(unknownLogin.body));

      const erasedDetails = await egov.details(citizenToken);
      const bogusDetails = await egov.details(randomUUID());
      expect(erasedDetails.status).toBe(bogusDetails.status);
      expect(errorCodesOf(erasedDetails)).toEqual(errorCodesOf(bogusDetails));
    });

    it('leaves its userName and mobile number free for a new user, who gets new ids', async () => {
      const successor = await newCitizen(citizen.mobileNumber);
      expect(successor.id).not.toBe(citizen.id);
      expect(tokenOf(await citizenLogin(citizen.mobileNumber))).toEqual(expect.any(String));
      expect(uuidsOf(await egovSearch({ mobileNumber: citizen.mobileNumber }, {}))).toEqual([successor.id]);
    });
  });

  describe('a parent', () => {
    let parentId: string;
    let childIds: string[];

    beforeAll(async () => {
      parentId = written(await api.post('/users', { first_name: 'Pat', last_name: 'Parent' }), 201).body.id;
      childIds = [];
      for (const first_name of ['Cara', 'Cody']) {
        const child = written(
          await api.post('/users', { first_name, last_name: 'Child', parent_user_id: parentId }),
          201,
        );
        childIds.push(child.body.id);
      }
    });

    it('is refused with 409 naming its children count while it has children, right after they were linked', async () => {
      const refused = await expectProblem(roster.dataDir, () => erase(parentId), 409, 'id', 'user_has_children');
      expect(refused.body.detail).toContain('2 children');
      expect((await api.get(`/users/${parentId}`, consistent())).status).toBe(200);
    });

    it('is erased once its children are erased; a child cannot be linked to it afterwards', async () => {
      for (const childId of childIds) written(await erase(childId), 204);
      written(await erase(parentId), 204);

      await expectProblem(
        roster.dataDir,
        () => api.post('/users', { first_name: 'Late', last_name: 'Child', parent_user_id: parentId }),
        422,
        'parent_user_id',
        'parent_not_found',
      );
      await expectProblem(
        roster.dataDir,
        () => api.get(`/users?parent_user_id=${parentId}`, consistent()),
        410,
        'parent_user_id',
        'user_erased',
      );
    });
  });

  it('lets a key erase the types it holds user:erase:<type> for', async () => {
    const employee = written(
      await api.post('/users', { first_name: 'Emil', last_name: 'Employee', user_type: 'EMPLOYEE' }),
      201,
    ).body.id;
    // A key limited to some types looks the user's type up in the read model: the creation's token makes it wait.
    written(await api.withKey(employeeEraserKey).send('DELETE', `/users/${employee}`, undefined, consistent()), 204);
    expect((await api.get(`/users/${employee}`, consistent())).status).toBe(410);
  });

  it('answers 404 naming the id for a user that never existed, writing nothing', async () => {
    const before = await headOf(roster.dataDir);
    await expectProblem(roster.dataDir, () => erase(randomUUID()), 404, 'id', 'user_not_found');
    expect(await headOf(roster.dataDir)).toBe(before);
  });
});
