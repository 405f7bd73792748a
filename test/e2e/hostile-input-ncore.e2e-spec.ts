import { encodeCursor } from '@roster/read-model';
import { headOf } from './support/event-log';
import type { HttpAnswer, HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import { oversizedHeaderRequest, rawRequest } from './support/raw-http';
import type { InProcessRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, startInProcess } from './support/roster-harness';

const SECRET = 'SECRET-TOKEN-0123456789';
const UNKNOWN_ID = '2b9a4f34-7c1e-4a51-9d38-5d2f0f1b8e11';

/**
 * Hostile input on the nCore face (issue 11): each answers a 4xx problem document naming the field at fault,
 * never a 5xx or a hang, and writes nothing (the event log's head and the user touched stay as they were).
 */
describe('nCore users API: hostile input', () => {
  let roster: InProcessRoster;
  let api: HttpClient;
  let userId: string;
  let stored: unknown;

  beforeAll(async () => {
    roster = await startInProcess();
    api = roster.client;
    const created = await api.post('/users', { first_name: 'Hana', last_name: 'Host', address: { city: 'Pune' } });
    userId = created.body.id;
    for (const name of ['Ira', 'Jay', 'Kai']) await api.post('/users', { first_name: name, last_name: 'Host' });
    stored = (await api.get(`/users/${userId}`, { 'x-consistency-token': String(await headOf(roster.dataDir)) })).body;
  });
  afterAll(() => roster.close());

  const expectRejected = (request: () => Promise<HttpAnswer>, status: number, field: string, code?: string) =>
    expectProblem(roster.dataDir, request, status, field, code);

  /** The user the PUTs aimed at is as it was. */
  async function expectUserUnchanged(): Promise<void> {
    expect((await api.get(`/users/${userId}`)).body).toEqual(stored);
  }

  /** What light-my-request sends where fetch cannot (TRACE), answered like fetch's answers. */
  async function inject(method: string, url: string, payload?: string): Promise<HttpAnswer> {
    const answer = await roster.app.inject({
      method: method as 'GET',
      url,
      payload,
      headers: { 'x-api-key': BOOTSTRAP_KEY, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    });
    return {
      status: answer.statusCode,
      headers: new Headers(answer.headers as Record<string, string>),
      body: answer.body ? answer.json() : answer.body,
    };
  }

  describe('deeply nested JSON', () => {
    const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

    it.each([
      ['POST', '/users', `{"first_name":"A","last_name":"B","address":${nestedArrays(2000)}}`],
      ['POST', '/users', `{"first_name":"A","last_name":"B","address":${nestedObjects(2000)}}`],
      ['POST', '/users:search', `{"name":${nestedArrays(20_000)}}`],
    ])(
      '%s %s (2,000 or 20,000 levels, under the body limit) answers 400 naming body (was a 500)',
      (method, path, body) => expectRejected(() => api.send(method, path, body), 400, 'body', 'body_too_deep'),
    );

    it('PUT /users/{id} leaves the user as it was', async () => {
      await expectRejected(
        () => api.send('PUT', `/users/${userId}`, `{"address":${nestedObjects(40)}}`),
        400,
        'body',
        'body_too_deep',
      );
      await expectUserUnchanged();
    });
  });

  describe('control characters and lone surrogates', () => {
    it.each([
      [
        'a lone surrogate in an e-mail (was a 500)',
        '{"first_name":"A","last_name":"B","email":"a\\ud800@x.com"}',
        'email',
      ],
      ['a lone surrogate in a name (was stored)', '{"first_name":"A\\udc00","last_name":"B"}', 'first_name'],
      ['NUL in a name (was stored)', '{"first_name":"A\\u0000","last_name":"B"}', 'first_name'],
      [
        'a C1 control in an address',
        '{"first_name":"A","last_name":"B","address":{"line1":"x\\u0085"}}',
        'address.line1',
      ],
      ['an escape in a field name', '{"first_name":"A","last_name":"B","address":{"li\\u0001ne":"x"}}', 'address'],
    ])('%s answers 400 naming the field', (_label, body, field) =>
      expectRejected(() => api.send('POST', '/users', body), 400, field, 'invalid_characters'),
    );

    it('in a search prefix, an update and a query parameter', async () => {
      await expectRejected(
        () => api.send('POST', '/users:search', '{"name":"\\ud800"}'),
        400,
        'name',
        'invalid_characters',
      );
      await expectRejected(
        () => api.send('PUT', `/users/${userId}`, '{"middle_name":"Q\\u001b[31m"}'),
        400,
        'middle_name',
        'invalid_characters',
      );
      await expectUserUnchanged();
      await expectRejected(() => api.get('/users?after=%00'), 400, 'after', 'invalid_characters');
    });

    it('takes tab and line breaks, and every script, as ordinary text', async () => {
      const answer = await api.post('/users', { first_name: 'रवि', last_name: 'Kumar 😀', address: { line1: 'a\nb' } });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ first_name: 'रवि', last_name: 'Kumar 😀', address: { line1: 'a\nb' } });
    });
  });

  it('a consistency token beyond the log’s head answers 400 at once (it held the request 3 s, then 503)', async () => {
    const beyond = String(((await headOf(roster.dataDir)) ?? 0n) + 1000n);
    for (const request of [
      () => api.get('/users', { 'x-consistency-token': beyond }),
      () => api.get(`/users/${userId}`, { 'x-consistency-token': beyond }),
      () => api.get(`/users/${userId}/descendants`, { 'x-consistency-token': beyond }),
      () => api.post('/users:search', { name: 'h' }, { 'x-consistency-token': beyond }),
    ]) {
      const started = Date.now();
      await expectRejected(request, 400, 'X-Consistency-Token', 'consistency_token_ahead');
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await expectUserUnchanged();
  });

  describe('wrong shapes and inherited names', () => {
    it.each([
      ['address: []', { address: [] }, 'address'],
      ['address: [{…}]', { address: [{ city: 'Pune' }] }, 'address'],
      ['address as text', { address: 'Main St' }, 'address'],
      ['address as a number', { address: 5 }, 'address'],
      ['a name as an object', { first_name: { text: 'A' } }, 'first_name'],
      ['a date as a number', { date_of_birth: 19900101 }, 'date_of_birth'],
    ])('%s is refused naming the field', (_label, fields, field) =>
      expectRejected(() => api.post('/users', { first_name: 'A', last_name: 'B', ...fields }), 400, field),
    );

    it.each([
      ['constructor', '{"first_name":"A","last_name":"B","constructor":{"name":"x"}}', 'constructor'],
      ['prototype', '{"first_name":"A","last_name":"B","prototype":1}', 'prototype'],
      ['hasOwnProperty', '{"first_name":"A","last_name":"B","hasOwnProperty":1}', 'hasOwnProperty'],
      [
        'a nested constructor',
        '{"first_name":"A","last_name":"B","address":{"constructor":"x"}}',
        'address.constructor',
      ],
    ])('%s is refused like any unknown field', (_label, body, field) =>
      expectRejected(() => api.send('POST', '/users', body), 400, field, 'validation_failed'),
    );

    it('a __proto__ key is refused naming it (it was "Body is not valid JSON")', async () => {
      const top = await expectRejected(
        () => api.send('POST', '/users', '{"first_name":"A","last_name":"B","__proto__":{"x":1}}'),
        400,
        '__proto__',
        'forbidden_field',
      );
      expect(top.body.detail).toContain('__proto__');
      await expectRejected(
        () => api.send('PUT', `/users/${userId}`, '{"address":{"__proto__":{"city":"x"}}}'),
        400,
        'address.__proto__',
        'forbidden_field',
      );
      await expectUserUnchanged();
    });

    it('inherited names in a query are unknown parameters too', () =>
      expectRejected(() => api.get('/users?constructor=1'), 400, 'constructor', 'validation_failed'));
  });

  describe('cursors', () => {
    it('a cursor Roster signed pages on; an unsigned, forged or altered one is refused naming after', async () => {
      const first = await api.get('/users?limit=1');
      const cursor: string = first.body.paging.after;
      expect(cursor).toMatch(/\./);
      expect((await api.get(`/users?limit=1&after=${encodeURIComponent(cursor)}`)).status).toBe(200);

      const unsigned = cursor.slice(0, cursor.lastIndexOf('.'));
      const forged = `${encodeCursor('users', [''])}${cursor.slice(cursor.lastIndexOf('.'))}`;
      const altered = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
      for (const bad of [unsigned, forged, altered, encodeCursor('users', [''])]) {
        await expectRejected(
          () => api.get(`/users?limit=1&after=${encodeURIComponent(bad)}`),
          400,
          'after',
          'invalid_cursor',
        );
        await expectRejected(
          () => api.post('/users:search', { name: 'h', after: bad }),
          400,
          'after',
          'invalid_cursor',
        );
        await expectRejected(() => api.get(`/users/${userId}/children?after=${encodeURIComponent(bad)}`), 400, 'after');
      }
    });
  });

  describe('the framework’s own errors, as problem documents', () => {
    it.each([
      ['TRACE', '/users', 'GET, HEAD, POST'],
      ['DELETE', '/users', 'GET, HEAD, POST'],
      ['PATCH', `/users/${UNKNOWN_ID}`, 'DELETE, GET, HEAD, PUT'],
      ['PUT', '/users:search', 'POST'],
      ['POST', `/users/${UNKNOWN_ID}/children`, 'GET, HEAD'],
    ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
      const before = await headOf(roster.dataDir);
      const answer = await inject(method, path, method === 'TRACE' ? undefined : '{"first_name":"A"}');
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
      expect(await headOf(roster.dataDir)).toBe(before);
    });

    it('a URL that is not valid percent-encoding names url (was Fastify’s own JSON)', () =>
      expectRejected(() => api.get('/users/%E0%A4%A'), 400, 'url', 'malformed_url'));

    it('an unsupported media type and an empty JSON body', async () => {
      await expectRejected(
        () => api.send('POST', '/users', '<user/>', { 'content-type': 'application/xml' }),
        415,
        'content-type',
        'unsupported_media_type',
      );
      await expectRejected(() => api.send('POST', '/users', ''), 400, 'body', 'malformed_body');
    });

    it('headers too large answer 431 as a problem document (a real socket: Node refuses them before Fastify)', async () => {
      const before = await headOf(roster.dataDir);
      const answer = await rawRequest(api.baseUrl, oversizedHeaderRequest('POST', '/users'));
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 431, code: 'headers_too_large', errors: [{ field: 'headers' }] });
      expect(await headOf(roster.dataDir)).toBe(before);
    });
  });

  it('a request line too large answers 431, a malformed one 400, as problem documents', async () => {
    const before = await headOf(roster.dataDir);
    const longLine = await rawRequest(
      api.baseUrl,
      `GET /users?after=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(longLine.status).toBe(431);
    expect(longLine.body).toMatchObject({ status: 431, errors: [{ field: 'headers' }] });
    const garbage = await rawRequest(api.baseUrl, `GET /users HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`);
    expect(garbage.status).toBe(400);
    expect(garbage.headers['content-type']).toContain('application/problem+json');
    expect(garbage.body).toMatchObject({ status: 400, code: 'malformed_request', errors: [{ field: 'request' }] });
    expect(await headOf(roster.dataDir)).toBe(before);
  });

  it('GET /users?parent_user_id=<unknown> names parent_user_id', () =>
    expectRejected(() => api.get(`/users?parent_user_id=${UNKNOWN_ID}`), 404, 'parent_user_id', 'parent_not_found'));

  it('no error repeats a query string, a header or a token', async () => {
    const answers = [
      await inject('TRACE', `/users?api_key=${SECRET}`),
      await inject('DELETE', `/users/${UNKNOWN_ID}?access_token=${SECRET}`),
      await api.get(`/nope?token=${SECRET}`),
      await api.get(`/users/%E0%A4%A?token=${SECRET}`),
      await api.get(`/users?limit=${SECRET}`),
      await api.get(`/users?after=${SECRET}`),
      await api.get('/users', { 'x-consistency-token': SECRET }),
      await api.put(`/users/${userId}`, { middle_name: 'Q' }, { 'if-match': SECRET }),
      await api.withKey(SECRET).get('/users'),
      await api.send('POST', '/users', `{"first_name": "${SECRET}",`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(JSON.stringify(answer.body)).not.toContain(SECRET);
      expect(JSON.stringify([...answer.headers])).not.toContain(SECRET);
    }
  });
});
