import type { RunningRoster } from './support/roster-harness';
import { startRoster } from './support/roster-harness';
import { EgovClient, newMobile, PASSWORDS } from './support/egov-client';
import { sampleSum } from './support/prometheus-text';

const ADMIN = { userName: 'metrics-admin', password: PASSWORDS.admin, tenantId: 'pb' };
const MISSING_USER = '00000000-0000-4000-8000-000000000000';

/**
 * A workload against the all-in-one app moves every counter an operator watches: `/metrics` is scraped before
 * and after and the deltas are checked (the registry is the process's, so other apps of this process count too).
 */
describe('/metrics', () => {
  let roster: RunningRoster;
  let before: string;
  let after: string;
  const delta = (name: string, labels: Record<string, string> = {}) =>
    sampleSum(after, name, labels) - sampleSum(before, name, labels);

  beforeAll(async () => {
    roster = await startRoster({
      ROSTER_SECRET: 'e2e-metrics-secret-0123456789abcdef0123',
      ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
      ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
      ROSTER_LOCKOUT_MAX_FAILURES: '2',
    });
    before = await scrape();
    const { client } = roster;
    const created = await client.post('/users', { first_name: 'Ada', last_name: 'Lovelace' });
    expect(created.status).toBe(201);
    // Read-your-writes: the read waits until the projector has the user (without the token it may not, yet).
    const consistency = { 'x-consistency-token': created.headers.get('x-consistency-token') as string };
    expect((await client.get(`/users/${created.body.id}`, consistency)).status).toBe(200);
    expect((await client.get(`/users/${MISSING_USER}`)).status).toBe(404);
    await client.get('/users?limit=5&secret_marker=hunter2');
    const egov = new EgovClient(client.baseUrl);
    const wrongLogin = () =>
      egov.login({ username: ADMIN.userName, password: 'Wrong1@Pass', tenantId: 'pb', userType: 'SYSTEM' });
    expect((await wrongLogin()).status).toBe(401);
    await wrongLogin();
    expect((await egov.sendOtp({ mobileNumber: newMobile(), tenantId: 'pb', type: 'register' })).status).toBe(201);
    after = await scrape();
  });
  afterAll(() => roster.close());

  async function scrape(): Promise<string> {
    const answer = await roster.client.get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    return answer.body as string;
  }

  it('counts requests per route template, method and status, and times them', () => {
    expect(delta('roster_http_requests_total', { method: 'GET', route: '/users/:id', status: '200' })).toBe(1);
    expect(delta('roster_http_requests_total', { method: 'GET', route: '/users/:id', status: '404' })).toBe(1);
    expect(
      delta('roster_http_request_duration_seconds_count', { method: 'POST', route: '/users', status: '201' }),
    ).toBe(1);
    expect(
      delta('roster_http_request_duration_seconds_bucket', { route: '/users', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('labels routes by template, never by id or query string', () => {
    expect(after).not.toContain(MISSING_USER);
    expect(after).not.toContain('hunter2');
    expect(after).not.toContain('secret_marker');
  });

  it('counts user-service operations by outcome', () => {
    expect(delta('roster_operations_total', { api: 'UserServiceApi', operation: 'createUser', outcome: 'ok' })).toBe(1);
    // A missing user is an answer (the gateway turns it into 404), not a failed operation.
    expect(delta('roster_operations_total', { api: 'UserServiceApi', operation: 'getUser', outcome: 'ok' })).toBe(2);
    expect(delta('roster_operations_total', { api: 'EgovUserApi', operation: 'login', outcome: 'unauthorized' })).toBe(
      2,
    );
    expect(delta('roster_operations_total', { api: 'EgovUserApi', operation: 'sendOtp', outcome: 'ok' })).toBe(1);
  });

  it('times event-store appends', () => {
    expect(delta('roster_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(3);
  });

  it('counts failed logins, lockouts and OTP sends', () => {
    expect(delta('roster_login_failures_total')).toBe(2);
    expect(delta('roster_account_lockouts_total')).toBe(1);
    expect(delta('roster_otp_sends_total')).toBe(1);
  });

  it('reports the projector lag and the Node runtime', () => {
    expect(after).toMatch(/^roster_subscription_lag_events\{subscriber="projector"\} \d+$/m);
    expect(after).toMatch(/^roster_subscription_lag_seconds\{subscriber="projector"\} [\d.e-]+$/m);
    expect(sampleSum(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('answers liveness and readiness', async () => {
    expect(await roster.client.get('/health/live')).toMatchObject({ status: 200, body: { status: 'up' } });
    expect(await roster.client.get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect((await roster.client.get('/health')).status).toBe(200);
  });

  it("answers X-Request-Id on every response: the caller's when sane, else a new one", async () => {
    const given = await roster.client.get('/health/live', { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const insane = await roster.client.get('/health/live', { 'x-request-id': 'a b\tc' });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await roster.client.get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps /metrics out of the OpenAPI document', async () => {
    const document = (await roster.client.get('/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).not.toContain('/metrics');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });
});
