import type { HttpClient } from './support/http-client';
import type { RunningRoster } from './support/roster-harness';
import { startRoster } from './support/roster-harness';

/** The README's curl walkthrough, over real HTTP against the all-in-one app on embedded SQLite stores. */
describe('nCore users API walkthrough', () => {
  let roster: RunningRoster;
  let api: HttpClient;

  beforeAll(async () => {
    roster = await startRoster();
    api = roster.client;
  });
  afterAll(() => roster.close());

  /** Reads wait for the projector through the token of the last write, as a client would. */
  let token = '0';
  const consistent = () => ({ 'x-consistency-token': token });
  async function create(body: Record<string, unknown>) {
    const answer = await api.post('/users', body);
    expect(answer.status).toBe(201);
    token = answer.headers.get('x-consistency-token') as string;
    return answer;
  }
  const ids = (answer: { body: { data: { id: string }[] } }) => answer.body.data.map((user) => user.id);

  let parentId: string;
  let childId: string;
  let grandchildId: string;

  it('creates a parent, a child and a grandchild', async () => {
    const parent = await create({
      first_name: 'John',
      last_name: 'Doe',
      email: 'JohnDoe@Example.com',
      mobile: '+919876543210',
      date_of_birth: '1980-05-17',
      gender: 'male',
      nationality: 'in',
      address: { line1: '1 MG Road', city: 'Pune', postal_code: '411001', country: 'IN' },
    });
    parentId = parent.body.id;
    expect(parent.headers.get('location')).toBe(`/users/${parentId}`);
    expect(parent.headers.get('etag')).toBe('"0"');
    expect(token).toMatch(/^\d+$/);
    expect(parent.body).toMatchObject({
      first_name: 'John',
      last_name: 'Doe',
      email: 'JohnDoe@Example.com',
      gender: 'MALE',
      nationality: 'IN',
      parent_user_id: null,
      address: { line1: '1 MG Road', line2: null, city: 'Pune', postal_code: '411001', country: 'IN' },
      tenant_id: 'default',
      user_type: 'CITIZEN',
    });

    const child = await create({
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      parent_user_id: parentId,
    });
    childId = child.body.id;
    expect(child.body.parent_user_id).toBe(parentId);
    expect(child.headers.get('etag')).toBe('"1"');

    grandchildId = (await create({ first_name: 'Jim', last_name: 'Doe', parent_user_id: childId })).body.id;
  });

  it('gets a user by id with its ETag', async () => {
    const answer = await api.get(`/users/${childId}`, consistent());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.body).toMatchObject({ id: childId, first_name: 'Jane', parent_user_id: parentId });
  });

  it('searches by a case-insensitive e-mail prefix', async () => {
    const answer = await api.post('/users:search', { email: 'johndoe@' }, consistent());
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([parentId]);
    expect(answer.body.paging).toEqual({ after: null, has_more: false });
  });

  it('searches by name and mobile prefixes, ANDed', async () => {
    expect(ids(await api.post('/users:search', { name: 'ja' }, consistent()))).toEqual([childId]);
    expect(ids(await api.post('/users:search', { name: 'doe' }, consistent())).sort()).toEqual(
      [parentId, childId, grandchildId].sort(),
    );
    expect(ids(await api.post('/users:search', { name: 'john', mobile: '+9198' }, consistent()))).toEqual([parentId]);
    expect(ids(await api.post('/users:search', { name: 'jane', mobile: '+9198' }, consistent()))).toEqual([]);
    // A criterion sent as null is an absent one, as the document says (nullable), as is a null limit or cursor.
    expect(
      ids(
        await api.post(
          '/users:search',
          { name: 'john', mobile: '+9198', email: null, limit: null, after: null },
          consistent(),
        ),
      ),
    ).toEqual([parentId]);
  });

  it('lists the children of a user, both ways', async () => {
    expect(ids(await api.get(`/users?parent_user_id=${parentId}`, consistent()))).toEqual([childId]);
    expect(ids(await api.get(`/users/${parentId}/children`, consistent()))).toEqual([childId]);
  });

  it('lists descendants and ancestors', async () => {
    expect(ids(await api.get(`/users/${parentId}/descendants`, consistent())).sort()).toEqual(
      [childId, grandchildId].sort(),
    );
    expect(ids(await api.get(`/users/${grandchildId}/ancestors`, consistent()))).toEqual([childId, parentId]);
  });

  it('re-parents a user and its subtree follows', async () => {
    const moved = await api.put(`/users/${childId}`, { parent_user_id: null });
    expect(moved.status).toBe(200);
    expect(moved.body.parent_user_id).toBeNull();
    token = moved.headers.get('x-consistency-token') as string;
    expect(ids(await api.get(`/users/${parentId}/descendants`, consistent()))).toEqual([]);
    expect(ids(await api.get(`/users/${grandchildId}/ancestors`, consistent()))).toEqual([childId]);

    const under = await api.put(`/users/${parentId}`, { parent_user_id: grandchildId });
    expect(under.status).toBe(200);
    token = under.headers.get('x-consistency-token') as string;
    expect(ids(await api.get(`/users/${childId}/descendants`, consistent())).sort()).toEqual(
      [grandchildId, parentId].sort(),
    );
    expect(ids(await api.get(`/users/${parentId}/ancestors`, consistent()))).toEqual([grandchildId, childId]);
  });

  it('resets the parent with null', async () => {
    const reset = await api.put(`/users/${parentId}`, { parent_user_id: null });
    expect(reset.status).toBe(200);
    token = reset.headers.get('x-consistency-token') as string;
    expect(ids(await api.get(`/users/${parentId}/ancestors`, consistent()))).toEqual([]);
    expect((await api.get(`/users/${parentId}`, consistent())).body.parent_user_id).toBeNull();
  });

  it('updates only the fields sent, clears with null, and honours If-Match', async () => {
    const current = await api.get(`/users/${childId}`, consistent());
    const etag = current.headers.get('etag') as string;
    const updated = await api.put(`/users/${childId}`, { middle_name: 'Q', email: null }, { 'if-match': etag });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ first_name: 'Jane', middle_name: 'Q', email: null, parent_user_id: null });
    expect(Number(JSON.parse(updated.headers.get('etag') as string))).toBe(Number(JSON.parse(etag)) + 1);

    const stale = await api.put(`/users/${childId}`, { middle_name: 'R' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'revision_mismatch', errors: [{ field: 'If-Match' }] });
  });

  it("answers the child's history and the child as it was, from its stream", async () => {
    const history = await api.get(`/users/${childId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data.map((entry: { type: string }) => entry.type)).toEqual([
      'UserCreated',
      'ParentLinked',
      'ParentUnlinked',
      'ProfileUpdated',
    ]);
    const atCreation = await api.get(`/users/${childId}?as_of=${encodeURIComponent(history.body.data[0].at)}`);
    expect({ etag: atCreation.headers.get('etag'), parent: atCreation.body.parent_user_id }).toEqual({
      etag: '"1"',
      parent: parentId,
    });
    const first = await api.get(`/users/${childId}?as_of_revision=0`);
    expect({ etag: first.headers.get('etag'), parent: first.body.parent_user_id }).toEqual({
      etag: '"0"',
      parent: null,
    });
  });

  it('pages through all users with an opaque cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `?limit=2&after=${encodeURIComponent(after)}` : '?limit=2';
      const page = await api.get(`/users${query}`, consistent());
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      after = page.body.paging.after;
      expect(page.body.paging.has_more).toBe(after !== null);
    } while (after);
    expect(seen.sort()).toEqual([parentId, childId, grandchildId].sort());
  });

  it('reports the health of each store', async () => {
    const health = await api.withKey(null).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', eventStore: { status: 'up' }, readModel: { status: 'up' } });
  });

  it('serves its OpenAPI document', async () => {
    const docs = await api.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/users',
        '/users:search',
        '/users/{id}',
        '/users/{id}/children',
        '/users/{id}/descendants',
        '/users/{id}/ancestors',
        '/users/{id}/history',
      ]),
    );
    expect((await api.get('/docs')).status).toBe(200);
  });
});
