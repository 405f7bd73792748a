import { EgovRoster } from './support/egov-roster';
import { EgovClient, PASSWORDS, unique } from './support/egov-client';
import { headOf } from './support/event-log';
import type { HttpAnswer } from './support/http-client';
import { HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import { BOOTSTRAP_KEY } from './support/roster-harness';

/** What a client compares of two answers: status, body and the headers that name the write. */
function answerOf(answer: HttpAnswer) {
  return {
    status: answer.status,
    body: answer.body,
    etag: answer.headers.get('etag'),
    token: answer.headers.get('x-consistency-token'),
    location: answer.headers.get('location'),
  };
}

/** Idempotency-Key on POST /users, PUT /users/{id} and the egov _createnovalidate, in the built all-in-one process. */
describe('idempotent writes', () => {
  let roster: EgovRoster;
  let api: HttpClient;

  beforeAll(async () => {
    roster = await EgovRoster.start();
    api = new HttpClient(roster.baseUrl, BOOTSTRAP_KEY);
  });
  afterAll(() => roster.stop());

  const withKey = (key: string) => ({ 'idempotency-key': key });

  it('a retried POST /users answers the first answer again — status, body, ETag, token, Location — and writes nothing', async () => {
    const key = `create-${unique()}`;
    const first = await api.post('/users', { first_name: 'Ida', last_name: 'Empotent' }, withKey(key));
    expect(first.status).toBe(201);
    const head = await headOf(roster.dataDir);
    const again = await api.post('/users', { first_name: 'Ida', last_name: 'Empotent' }, withKey(key));
    expect(answerOf(again)).toEqual(answerOf(first));
    expect(await headOf(roster.dataDir)).toBe(head);
  });

  it('the same key with another body is refused with 422 naming the header, and nothing is written', async () => {
    const key = `reuse-${unique()}`;
    await api.post('/users', { first_name: 'Ida', last_name: 'One' }, withKey(key));
    await expectProblem(
      roster.dataDir,
      () => api.post('/users', { first_name: 'Ida', last_name: 'Two' }, withKey(key)),
      422,
      'Idempotency-Key',
      'idempotency_key_reused',
    );
  });

  it('a malformed key is a 400 naming the header', async () => {
    await expectProblem(
      roster.dataDir,
      () => api.post('/users', { first_name: 'A', last_name: 'B' }, withKey('x'.repeat(256))),
      400,
      'Idempotency-Key',
    );
    await expectProblem(
      roster.dataDir,
      () => api.post('/users', { first_name: 'A', last_name: 'B' }, withKey('with space')),
      400,
      'Idempotency-Key',
    );
  });

  it('50 concurrent POSTs with one key create exactly one user, and all 50 answers carry its id', async () => {
    const key = `burst-${unique()}`;
    const before = (await api.get('/users?limit=100')).body.data.length;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.post('/users', { first_name: 'Burst', last_name: key }, withKey(key))),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const token = answers[0].headers.get('x-consistency-token') as string;
    const listed = await api.post('/users:search', { name: 'Burst' }, { 'x-consistency-token': token });
    expect(listed.body.data.filter((user: { last_name: string }) => user.last_name === key)).toHaveLength(1);
    expect((await api.get('/users?limit=100', { 'x-consistency-token': token })).body.data.length).toBe(before + 1);
  });

  it('a retried PUT answers the first answer, even though its If-Match is no longer current', async () => {
    const created = await api.post('/users', { first_name: 'Put', last_name: 'Before' });
    const key = `update-${unique()}`;
    const put = () =>
      api.put(`/users/${created.body.id}`, { last_name: 'After' }, { 'if-match': '"0"', ...withKey(key) });
    const first = await put();
    expect(first.status).toBe(200);
    expect(answerOf(await put())).toEqual(answerOf(first));
    const withoutKey = await api.put(`/users/${created.body.id}`, { last_name: 'After' }, { 'if-match': '"0"' });
    expect(withoutKey.status).toBe(412);
  });

  it('the egov _createnovalidate replays its first answer for a retried batch', async () => {
    const token = await roster.adminToken();
    const egov = new EgovClient(roster.baseUrl);
    const key = `egov-${unique()}`;
    const body = JSON.stringify({
      RequestInfo: EgovClient.requestInfo(token),
      users: [1, 2].map((n) => ({
        userName: `IDEM${n}${key}`,
        name: 'Idem Potent',
        type: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
        password: PASSWORDS.employee,
        roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
      })),
    });
    const first = await egov.postRaw('/user/users/_createnovalidate', body, withKey(key));
    expect(first.status).toBe(200);
    const head = await headOf(roster.dataDir);
    const again = await egov.postRaw('/user/users/_createnovalidate', body, withKey(key));
    expect(again.status).toBe(200);
    expect(again.body.user).toEqual(first.body.user);
    expect(await headOf(roster.dataDir)).toBe(head);
    expect(JSON.stringify(again.body)).not.toContain(PASSWORDS.employee);
  });

  it('holds across a restart: the key is in the event store', async () => {
    const key = `restart-${unique()}`;
    const first = await api.post('/users', { first_name: 'Re', last_name: 'Start' }, withKey(key));
    await roster.restart();
    api = new HttpClient(roster.baseUrl, BOOTSTRAP_KEY);
    const again = await api.post('/users', { first_name: 'Re', last_name: 'Start' }, withKey(key));
    expect(answerOf(again)).toEqual(answerOf(first));
  });
});
