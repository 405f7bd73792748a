import { HttpClient } from './support/http-client';
import { newMobile, PASSWORDS } from './support/egov-client';
import { EGOV_SECRET, EgovRoster, registerCitizen, tokenOf } from './support/egov-roster';
import { BOOTSTRAP_KEY } from './support/roster-harness';

type LogLine = Record<string, unknown>;

const QUERY_MARKER = 'q-marker-7f3a';

/**
 * The built all-in-one process at LOG_LEVEL=debug runs a journey through every secret-carrying path
 * (registration with an OTP, logins right and wrong, a password change, tokens in bodies and in a query string,
 * the API key); every line it writes is JSON, no line holds a secret or a query string, every request has one
 * access line with its fields, and every line written on behalf of a request carries that request's id.
 */
describe('logs', () => {
  let roster: EgovRoster;
  let lines: LogLine[];
  let secrets: string[];
  const requestIds: string[] = [];

  beforeAll(async () => {
    roster = await EgovRoster.start({ LOG_LEVEL: 'debug' });
    const { egov } = roster;
    const mobileNumber = newMobile();
    const citizen = await registerCitizen(roster, mobileNumber, 'pb.amritsar', PASSWORDS.citizen);
    const login = (password: string) =>
      egov.login({ username: mobileNumber, password, tenantId: 'pb', userType: 'CITIZEN' });
    await login('Wrong1@Pass');
    const token = tokenOf(await login(PASSWORDS.citizen));
    await egov.details(token);
    await egov.post(
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
      token,
    );
    await egov.refresh(citizen.refreshToken);
    const api = new HttpClient(roster.baseUrl, BOOTSTRAP_KEY);
    const created = await api.post(
      '/users',
      { first_name: 'Lia', last_name: 'Logs' },
      { 'x-request-id': 'caller-id-1' },
    );
    const written = { 'x-consistency-token': created.headers.get('x-consistency-token') as string };
    await api.get(`/users/${created.body.id}`, written);
    // Refused (an unknown query parameter), and logged without its query string.
    await api.get(`/users/${created.body.id}?secret=${QUERY_MARKER}`, written);
    await api.get(`/users?limit=2&after=${QUERY_MARKER}`);

    const answers = [
      ...egov.transcript.map((answer) => answer.headers['x-request-id']),
      created.headers.get('x-request-id'),
    ];
    requestIds.push(...answers.filter((id): id is string => typeof id === 'string'));
    secrets = [
      PASSWORDS.citizen,
      PASSWORDS.changed,
      'Wrong1@Pass',
      ...(await roster.otps.allCodes()),
      token,
      citizen.refreshToken,
      BOOTSTRAP_KEY,
      EGOV_SECRET,
      QUERY_MARKER,
    ];
    // The access line is written once the answer is sent: give the last one a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    lines = roster
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);
  });
  afterAll(() => roster.stop());

  const accessLines = () => lines.filter((line) => line.msg === 'request completed');

  it('writes every line as JSON with a time, a level and the process name', () => {
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines)
      expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), service: 'roster' });
    expect(lines.some((line) => line.level === 'debug')).toBe(true);
  });

  it('holds no password, OTP code, hash, token, key, secret or query string', () => {
    const text = JSON.stringify(lines);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
    expect(text).not.toContain('$argon2');
    expect(text).not.toMatch(/access_token=/);
  });

  it('writes one access line per request with method, route template, path, status, duration, tenant and ids', () => {
    const access = accessLines();
    expect(access.map((line) => line.requestId)).toEqual(expect.arrayContaining(requestIds));
    expect(access.find((line) => line.requestId === 'caller-id-1')).toMatchObject({
      method: 'POST',
      route: '/users',
      path: '/users',
      status: 201,
      durationMs: expect.any(Number),
      tenant: 'default',
      correlationId: 'caller-id-1',
    });
    expect(access.find((line) => line.route === '/users/:id')).toMatchObject({ method: 'GET', status: 200 });
    expect(access.find((line) => line.route === '/user/oauth/token' && line.status === 200)).toMatchObject({
      tenant: 'pb',
    });
    for (const line of access) expect(String(line.path)).not.toContain('?');
  });

  it("carries the request's id on every line written on its behalf", () => {
    const operations = lines.filter((line) => line.context === 'Operations');
    expect(operations.length).toBeGreaterThan(10);
    for (const line of operations) expect(line).toMatchObject({ requestId: expect.any(String), level: 'debug' });
    const duringRequests = lines.filter((line) => line.requestId !== undefined);
    expect(duringRequests.length).toBeGreaterThan(accessLines().length);
    const ids = new Set(accessLines().map((line) => line.requestId));
    for (const line of duringRequests) expect(ids).toContain(line.requestId);
  });
});
