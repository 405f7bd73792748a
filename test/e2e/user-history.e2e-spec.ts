import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyIdOf, userStream } from '@roster/domain';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';
import { EgovClient, newMobile, PASSWORDS } from './support/egov-client';
import { expectTokenBody, OtpInbox, sleep } from './support/egov-roster';
import { openEventLog } from './support/event-log';
import type { HttpAnswer, HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import type { RunningRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, startRoster } from './support/roster-harness';

const SECRET = 'e2e-history-secret-0123456789abcdef0123456789';

const TENANT = 'pb';
const KEY_ID = apiKeyIdOf(createHash('sha256').update(BOOTSTRAP_KEY).digest('hex'));

/**
 * A citizen's life over HTTP — created on the nCore face under a parent, updated, re-parented, its password reset
 * on the egov face with an OTP, a failed and a good login — read back as its history and as it was at each moment.
 */
describe('nCore user history and time travel', () => {
  let roster: RunningRoster;
  let api: HttpClient;
  let notifications: string;
  let egov: EgovClient;
  let foreignKey: string;
  let createOnlyKey: string;

  /** Every answer of this suite, for the secrets scan at the end. */
  const answers: HttpAnswer[] = [];
  const read = async (path: string, client = api) => {
    const answer = await client.get(path);
    answers.push(answer);
    return answer;
  };

  /** The user as each write answered it, by the ETag's revision: what time travel must give back. */
  const snapshots = new Map<number, { body: unknown }>();
  let token = '0';
  const remember = (answer: HttpAnswer) => {
    expect(answer.status).toBeLessThan(300);
    snapshots.set(Number(/\d+/.exec(answer.headers.get('etag') as string)?.[0]), { body: answer.body });
    token = answer.headers.get('x-consistency-token') as string;
    return answer.body;
  };

  const mobile = newMobile();
  let parentId: string;
  let otherParentId: string;
  let userId: string;
  let otpCode: string;

  beforeAll(async () => {
    notifications = join(mkdtempSync(join(tmpdir(), 'roster-history-')), 'notifications.jsonl');
    roster = await startRoster({
      ROSTER_BOOTSTRAP_TENANT: TENANT,
      ROSTER_SECRET: SECRET,
      ROSTER_NOTIFIER: 'file',
      ROSTER_NOTIFIER_FILE: notifications,
    });
    api = roster.client;
    egov = new EgovClient(api.baseUrl);
    foreignKey = generateApiKey();
    createOnlyKey = generateApiKey();
    const log = openEventLog(roster.dataDir, SECRET);
    await log.appendMany([
      apiKeyIssuance(foreignKey, { tenantId: 'other', permissions: ['user:*'], label: 'e2e', at: new Date() }),
      apiKeyIssuance(createOnlyKey, { tenantId: TENANT, permissions: ['user:create:*'], label: 'e2e', at: new Date() }),
    ]);
    await log.close();
  });
  afterAll(async () => {
    await roster.close();
    rmSync(join(notifications, '..'), { recursive: true, force: true });
  });

  it('lives: created under a parent, updated, re-parented, its password reset, a failed and a good login', async () => {
    parentId = remember(await api.post('/users', { first_name: 'Pat', last_name: 'Parent' })).id;
    otherParentId = remember(await api.post('/users', { first_name: 'Olga', last_name: 'Other' })).id;
    snapshots.clear();
    // Apart in time, so each write has an instant of its own to travel to.
    userId = remember(
      await api.post('/users', {
        first_name: 'Asha',
        last_name: 'Rani',
        email: 'asha@example.com',
        mobile,
        user_name: mobile,
        parent_user_id: parentId,
      }),
    ).id;
    await sleep(25);
    remember(await api.put(`/users/${userId}`, { middle_name: 'K', email: 'asha.rani@example.com' }));
    await sleep(25);
    remember(await api.put(`/users/${userId}`, { parent_user_id: otherParentId }));
    expect([...snapshots.keys()]).toEqual([1, 2, 3]);

    // The egov face finds the citizen once the read model has it.
    expect((await api.get(`/users/${userId}`, { 'x-consistency-token': token })).status).toBe(200);
    await sleep(25);
    const sent = await egov.sendOtp({ mobileNumber: mobile, tenantId: TENANT, type: 'passwordreset' });
    expect(sent.status).toBe(201);
    otpCode = await new OtpInbox(notifications).next(mobile);
    const reset = await egov.post('/user/password/nologin/_update', {
      otpReference: otpCode,
      userName: mobile,
      newPassword: PASSWORDS.reset,
      tenantId: TENANT,
      type: 'CITIZEN',
    });
    expect(reset.status).toBe(200);
    const login = (password: string) =>
      egov.login({ username: mobile, password, tenantId: TENANT, userType: 'CITIZEN' });
    expect((await login(PASSWORDS.changed)).status).toBe(401);
    expectTokenBody(await login(PASSWORDS.reset));
  });

  it('answers the changes oldest first, field by field as the face names them, with the acting API key', async () => {
    const history = await read(`/users/${userId}/history`);
    expect(history.status).toBe(200);
    const byKey = { type: 'api_key', id: KEY_ID };
    expect(history.body).toEqual({
      data: [
        {
          revision: 0,
          type: 'UserCreated',
          at: expect.any(String),
          actor: byKey,
          changes: {
            user_type: { from: null, to: 'CITIZEN' },
            user_name: { from: null, to: mobile },
            first_name: { from: null, to: 'Asha' },
            last_name: { from: null, to: 'Rani' },
            email: { from: null, to: 'asha@example.com' },
            mobile: { from: null, to: mobile },
            active: { from: null, to: true },
          },
        },
        {
          revision: 1,
          type: 'ParentLinked',
          at: expect.any(String),
          actor: byKey,
          changes: { parent_user_id: { from: null, to: parentId } },
        },
        {
          revision: 2,
          type: 'ProfileUpdated',
          at: expect.any(String),
          actor: byKey,
          changes: {
            middle_name: { from: null, to: 'K' },
            email: { from: 'asha@example.com', to: 'asha.rani@example.com' },
          },
        },
        {
          revision: 3,
          type: 'ParentLinked',
          at: expect.any(String),
          actor: byKey,
          changes: { parent_user_id: { from: parentId, to: otherParentId } },
        },
        expect.objectContaining({ type: 'PasswordChanged', changes: { password: 'changed' } }),
      ],
      paging: { after: null, has_more: false },
    });
    const instants = history.body.data.map((entry: { at: string }) => Date.parse(entry.at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('pages with limit=2: the pages read to the end are the whole history', async () => {
    const whole = (await read(`/users/${userId}/history?include=security`)).body.data;
    const pages: unknown[][] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const page = await read(`/users/${userId}/history?include=security&limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.paging.has_more).toBe(page.body.paging.after !== null);
      pages.push(page.body.data);
      after = page.body.paging.after;
    } while (after);
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(whole);
  });

  it('shows the login bookkeeping only with include=security', async () => {
    const types = async (query: string) =>
      (await read(`/users/${userId}/history${query}`)).body.data.map((entry: { type: string }) => entry.type);
    const plain = await types('');
    const security = await types('?include=security');
    expect(plain).not.toEqual(expect.arrayContaining(['LoginFailed']));
    expect(security).toEqual(expect.arrayContaining([...plain, 'OtpVerified', 'LoginFailed', 'LoginFailuresCleared']));
    const failed = (await read(`/users/${userId}/history?include=security`)).body.data.find(
      (entry: { type: string }) => entry.type === 'LoginFailed',
    );
    expect(failed.changes).toEqual({ failed_logins: { from: 0, to: 1 } });
  });

  it('answers the user at instants between its revisions, with that revision as the ETag', async () => {
    const entries: { revision: number; at: string }[] = (await read(`/users/${userId}/history`)).body.data;
    let travelled = 0;
    for (const [index, entry] of entries.slice(0, 4).entries()) {
      const next = entries[index + 1];
      // The creation and its ParentLinked were appended together: one instant, the state after both.
      if (Date.parse(next.at) === Date.parse(entry.at)) continue;
      const expected = snapshots.get(entry.revision)?.body;
      const between = new Date(Math.floor((Date.parse(entry.at) + Date.parse(next.at)) / 2)).toISOString();
      for (const instant of [entry.at, between]) {
        const then = await read(`/users/${userId}?as_of=${encodeURIComponent(instant)}`);
        expect({ instant, status: then.status, etag: then.headers.get('etag') }).toEqual({
          instant,
          status: 200,
          etag: `"${entry.revision}"`,
        });
        expect(then.body).toEqual(expected);
        travelled += 1;
      }
    }
    // After the creation (with its parent), the update and the re-parenting: each at its instant and between.
    expect(travelled).toBe(6);
    // The same instant written with another offset.
    const reParented = entries[3];
    const local = new Date(Date.parse(reParented.at) + 330 * 60_000).toISOString().replace('Z', '+05:30');
    const sameInstant = await read(`/users/${userId}?as_of=${encodeURIComponent(local)}`);
    expect(sameInstant.headers.get('etag')).toBe('"3"');
    expect(sameInstant.body.parent_user_id).toBe(otherParentId);
  });

  it('answers the user at a revision; 404 before it existed and beyond its last revision', async () => {
    const first = await read(`/users/${userId}?as_of_revision=0`);
    expect({ status: first.status, etag: first.headers.get('etag') }).toEqual({ status: 200, etag: '"0"' });
    expect(first.body).toMatchObject({
      id: userId,
      parent_user_id: null,
      middle_name: null,
      email: 'asha@example.com',
    });
    expect((await read(`/users/${userId}?as_of_revision=2`)).body).toEqual(snapshots.get(2)?.body);

    const created = Date.parse((await read(`/users/${userId}/history?limit=1`)).body.data[0].at);
    const before = new Date(created - 1).toISOString();
    await expectProblem(roster.dataDir, () => read(`/users/${userId}?as_of=${before}`), 404, 'id', 'user_not_found');
    await expectProblem(roster.dataDir, () => read(`/users/${userId}?as_of_revision=999999`), 404, 'id');
  });

  it('answers a user of another tenant, and an unknown user, like a missing one', async () => {
    const foreign = api.withKey(foreignKey);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/users/${userId}/history`,
      `/users/${userId}?as_of_revision=0`,
      `/users/${userId}?as_of=2999-01-01T00:00:00Z`,
    ]) {
      await expectProblem(roster.dataDir, () => read(path, foreign), 404, 'id', 'user_not_found');
    }
    await expectProblem(roster.dataDir, () => read(`/users/${unknown}/history`), 404, 'id', 'user_not_found');
    await expectProblem(
      roster.dataDir,
      () => read(`/users/${userId}/history`, api.withKey(createOnlyKey)),
      403,
      'x-api-key',
    );
  });

  it('refuses bad parameters with 400 naming them', async () => {
    const refused: [string, string][] = [
      [`/users/${userId}?as_of=yesterday`, 'as_of'],
      [`/users/${userId}?as_of=2026-05-17T09:30:00`, 'as_of'],
      [`/users/${userId}?as_of=2026-02-30T09:30:00Z`, 'as_of'],
      [`/users/${userId}?as_of=1779010200000`, 'as_of'],
      [`/users/${userId}?as_of_revision=-1`, 'as_of_revision'],
      [`/users/${userId}?as_of_revision=1.5`, 'as_of_revision'],
      [`/users/${userId}?as_of_revision=1e2`, 'as_of_revision'],
      [`/users/${userId}?as_of=2026-05-17T09:30:00Z&as_of_revision=1`, 'as_of'],
      [`/users/${userId}?as_of=2026-05-17T09:30:00Z&as_of_revision=1`, 'as_of_revision'],
      [`/users/${userId}/history?include=everything`, 'include'],
      [`/users/${userId}/history?limit=0`, 'limit'],
      [`/users/${userId}/history?limit=101`, 'limit'],
      [`/users/${userId}/history?after=forged`, 'after'],
      [`/users/${parentId}/history?after=${encodeURIComponent(await firstCursor())}`, 'after'],
      ['/users/not-a-uuid/history', 'id'],
    ];
    for (const [path, field] of refused) await expectProblem(roster.dataDir, () => read(path), 400, field);
  });

  async function firstCursor(): Promise<string> {
    return (await read(`/users/${userId}/history?limit=1`)).body.paging.after;
  }

  it('never answers a password, hash, OTP or key', async () => {
    const log = openEventLog(roster.dataDir, SECRET);
    const events = await log.readStream(userStream(userId));
    await log.close();
    const hash = events.find((event) => event.type === 'PasswordChanged')?.data.passwordHash as string;
    expect(hash).toMatch(/^\$argon2id\$/);
    const text = answers.map((answer) => JSON.stringify(answer.body)).join('\n');
    const keyHash = createHash('sha256').update(BOOTSTRAP_KEY).digest('hex');
    for (const secret of [hash, '$argon2', 'password_hash', 'passwordHash', PASSWORDS.reset, PASSWORDS.changed]) {
      expect(text).not.toContain(secret);
    }
    for (const secret of [otpCode, BOOTSTRAP_KEY, keyHash, foreignKey]) expect(text).not.toContain(secret);
  });
});
