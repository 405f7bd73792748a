import { apiKeyIssuance, generateApiKey } from '@roster/user-service';
import { openEventLog } from './support/event-log';
import type { HttpAnswer, HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import type { RunningRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, startRoster } from './support/roster-harness';

/** Every bad input answers 4xx with a problem document naming the field, and writes nothing. */
describe('nCore users API: bad input', () => {
  let roster: RunningRoster;
  let api: HttpClient;
  let parentId: string;
  let childId: string;
  let foreignUserId: string;
  let readOnlyKey: string;

  beforeAll(async () => {
    roster = await startRoster({ ROSTER_BODY_LIMIT_BYTES: '4096' });
    api = roster.client;
    const foreignKey = generateApiKey();
    readOnlyKey = generateApiKey();
    const log = openEventLog(roster.dataDir);
    await log.appendMany([
      apiKeyIssuance(foreignKey, {
        tenantId: 'other',
        permissions: ['users:read', 'users:write'],
        label: 'e2e',
        at: new Date(),
      }),
      apiKeyIssuance(readOnlyKey, { tenantId: 'default', permissions: ['users:read'], label: 'e2e', at: new Date() }),
    ]);
    await log.close();
    parentId = (await api.post('/users', { first_name: 'Pat', last_name: 'Parent', user_name: 'pat' })).body.id;
    childId = (await api.post('/users', { first_name: 'Chris', last_name: 'Child', parent_user_id: parentId })).body.id;
    foreignUserId = (await api.withKey(foreignKey).post('/users', { first_name: 'Fay', last_name: 'Foreign' })).body.id;
  });
  afterAll(() => roster.close());

  const expectRejected = (request: () => Promise<HttpAnswer>, status: number, field: string, code?: string) =>
    expectProblem(roster.dataDir, request, status, field, code);

  it('malformed JSON', () =>
    expectRejected(() => api.send('POST', '/users', '{"first_name": "A",'), 400, 'body', 'malformed_body'));

  it('a body that is not an object', async () => {
    await expectRejected(() => api.send('POST', '/users', '"just a string"'), 400, 'body', 'malformed_body');
    await expectRejected(() => api.send('POST', '/users', '[]'), 400, 'body', 'malformed_body');
    await expectRejected(() => api.send('POST', '/users', ''), 400, 'body');
  });

  it('wrong types', async () => {
    await expectRejected(
      () => api.post('/users', { first_name: 123, last_name: 'X' }),
      400,
      'first_name',
      'validation_failed',
    );
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', address: 'Main St' }),
      400,
      'address',
    );
    await expectRejected(() => api.post('/users:search', { name: ['a'] }), 400, 'name');
  });

  it('values out of range', async () => {
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', date_of_birth: '2999-01-01' }),
      400,
      'date_of_birth',
    );
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', date_of_birth: '1990-02-30' }),
      400,
      'date_of_birth',
    );
    await expectRejected(() => api.post('/users', { first_name: 'A'.repeat(101), last_name: 'B' }), 400, 'first_name');
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', email: 'not-an-email' }),
      400,
      'email',
    );
    await expectRejected(() => api.post('/users', { first_name: 'A', last_name: 'B', mobile: '12ab' }), 400, 'mobile');
    await expectRejected(() => api.post('/users', { first_name: 'A', last_name: 'B', gender: 'robot' }), 400, 'gender');
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', address: { country: 'India' } }),
      400,
      'address.country',
    );
  });

  it('missing required fields', async () => {
    await expectRejected(() => api.post('/users', { first_name: 'A' }), 400, 'last_name');
    await expectRejected(() => api.post('/users', { first_name: '   ', last_name: 'B' }), 400, 'first_name');
    await expectRejected(() => api.put(`/users/${childId}`, { first_name: null }), 400, 'first_name');
  });

  it('unknown fields', () =>
    expectRejected(() => api.post('/users', { first_name: 'A', last_name: 'B', password: 'x' }), 400, 'password'));

  it('an unknown parent', async () => {
    const unknown = '2b9a4f34-7c1e-4a51-9d38-5d2f0f1b8e11';
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', parent_user_id: unknown }),
      422,
      'parent_user_id',
      'parent_not_found',
    );
    await expectRejected(
      () => api.put(`/users/${childId}`, { parent_user_id: unknown }),
      422,
      'parent_user_id',
      'parent_not_found',
    );
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', parent_user_id: 'nope' }),
      400,
      'parent_user_id',
    );
  });

  it('a user as its own parent', () =>
    expectRejected(
      () => api.put(`/users/${parentId}`, { parent_user_id: parentId }),
      422,
      'parent_user_id',
      'self_parent',
    ));

  it('a cycle', () =>
    expectRejected(
      () => api.put(`/users/${parentId}`, { parent_user_id: childId }),
      409,
      'parent_user_id',
      'parent_cycle',
    ));

  it('a parent in another tenant, reported like a missing one', async () => {
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', parent_user_id: foreignUserId }),
      422,
      'parent_user_id',
      'parent_not_found',
    );
    await expectRejected(() => api.get(`/users/${foreignUserId}`), 404, 'id', 'user_not_found');
    await expectRejected(
      () => api.put(`/users/${foreignUserId}`, { first_name: 'Hijack' }),
      404,
      'id',
      'user_not_found',
    );
  });

  it('a duplicate userName, in any letter case', async () => {
    await expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', user_name: 'PAT' }),
      409,
      'user_name',
      'user_name_taken',
    );
    const otherType = await api.post('/users', {
      first_name: 'A',
      last_name: 'B',
      user_name: 'pat',
      user_type: 'EMPLOYEE',
    });
    expect(otherType.status).toBe(201);
  });

  it('a body over the size limit', () =>
    expectRejected(
      () => api.post('/users', { first_name: 'A', last_name: 'B', middle_name: 'x'.repeat(5000) }),
      413,
      'body',
      'body_too_large',
    ));

  it('a forged or stale after cursor', async () => {
    await expectRejected(() => api.get('/users?after=not-a-cursor'), 400, 'after', 'invalid_cursor');
    await expectRejected(
      () => api.get(`/users?after=${Buffer.from('{"k":"list","v":[1]}').toString('base64url')}`),
      400,
      'after',
    );
    const created = await api.post('/users', { first_name: 'Cara', last_name: 'C' });
    const searchPage = await api.post(
      '/users:search',
      { name: 'c', limit: 1 },
      { 'x-consistency-token': created.headers.get('x-consistency-token') as string },
    );
    const cursor = searchPage.body.paging.after;
    expect(cursor).toEqual(expect.any(String));
    await expectRejected(() => api.get(`/users?after=${encodeURIComponent(cursor)}`), 400, 'after', 'invalid_cursor');
  });

  it('limit written other than in digits', async () => {
    for (const limit of ['1e2', '0x10', '%205', '5.0'])
      await expectRejected(() => api.get(`/users?limit=${limit}`), 400, 'limit');
  });

  it('limit out of range', async () => {
    await expectRejected(() => api.get('/users?limit=0'), 400, 'limit');
    await expectRejected(() => api.get('/users?limit=101'), 400, 'limit');
    await expectRejected(() => api.get('/users?limit=ten'), 400, 'limit');
    await expectRejected(() => api.post('/users:search', { name: 'a', limit: 1000 }), 400, 'limit');
  });

  it('a missing, wrong or under-privileged API key', async () => {
    const missing = await expectRejected(() => api.withKey(null).get('/users'), 401, 'x-api-key', 'unauthorized');
    expect(missing.headers.get('www-authenticate')).toBe('ApiKey');
    await expectRejected(
      () => api.withKey('rk_wrong').post('/users', { first_name: 'A', last_name: 'B' }),
      401,
      'x-api-key',
    );
    await expectRejected(
      () => api.withKey(readOnlyKey).post('/users', { first_name: 'A', last_name: 'B' }),
      403,
      'x-api-key',
      'forbidden',
    );
    expect((await api.withKey(readOnlyKey).get('/users')).status).toBe(200);
  });

  it('accepts the key as Authorization: ApiKey too', async () => {
    const answer = await api.withKey(null).get('/users', { authorization: `ApiKey ${BOOTSTRAP_KEY}` });
    expect(answer.status).toBe(200);
  });

  it('a malformed id, an unknown id, bad headers', async () => {
    await expectRejected(() => api.get('/users/123'), 400, 'id');
    await expectRejected(() => api.get('/users/2b9a4f34-7c1e-4a51-9d38-5d2f0f1b8e11'), 404, 'id', 'user_not_found');
    await expectRejected(() => api.get('/users/2b9a4f34-7c1e-4a51-9d38-5d2f0f1b8e11/children'), 404, 'id');
    await expectRejected(
      () => api.get(`/users/${childId}`, { 'x-consistency-token': 'soon' }),
      400,
      'X-Consistency-Token',
    );
    await expectRejected(
      () => api.put(`/users/${childId}`, { middle_name: 'Q' }, { 'if-match': 'yesterday' }),
      400,
      'If-Match',
    );
    await expectRejected(() => api.post('/users:search', {}), 400, 'name');
  });
});
