import type { EgovClient, Transcribed } from './support/egov-client';
import { newMobile, PASSWORDS } from './support/egov-client';
import { ADMIN, EgovRoster, employeeInput, registerCitizen, tokenOf } from './support/egov-roster';

/**
 * No password, OTP code, password hash or token leaves the service except where the contract demands it:
 * a journey touching every secret-carrying endpoint runs against the process at LOG_LEVEL=debug, then its
 * whole output and every HTTP answer are scanned. Only the token bodies of `/user/oauth/token` and
 * `/user/citizen/_create` may carry tokens (their own); the test-only notifier file carries the codes.
 */
describe('egov secrets stay secret', () => {
  let roster: EgovRoster;
  let egov: EgovClient;
  const passwords: string[] = [...Object.values(PASSWORDS), 'Wrong1@Pass', 'Ab1@xyz', 'abcdefg1@'];

  beforeAll(async () => {
    roster = await EgovRoster.start({ LOG_LEVEL: 'debug' });
    egov = roster.egov;
    await runJourney();
  });
  afterAll(() => roster.stop());

  async function runJourney(): Promise<void> {
    const mobileNumber = newMobile();
    const citizen = await registerCitizen(roster, mobileNumber, 'pb.amritsar', PASSWORDS.citizen);
    const login = (password: string) =>
      egov.login({ username: mobileNumber, password, tenantId: 'pb', userType: 'CITIZEN' });
    const token = tokenOf(await login(PASSWORDS.citizen));
    await egov.refresh(citizen.refreshToken);
    await egov.details(token);
    await egov.post('/user/profile/_update', { user: { uuid: citizen.uuid, name: 'Asha Secret' } }, token);
    await egov.post('/user/_search', { tenantId: 'pb', uuid: [citizen.uuid] }, token);
    // Refused passwords must not be echoed back either.
    await egov.post(
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: 'Ab1@xyz', tenantId: 'pb', type: 'CITIZEN' },
      token,
    );
    await egov.post(
      '/user/password/_update',
      { existingPassword: 'Wrong1@Pass', newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
      token,
    );
    await egov.post(
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
      token,
    );
    await login('Wrong1@Pass');
    const second = tokenOf(await login(PASSWORDS.changed));
    await egov.logout(second);
    await egov.details(second);

    await egov.sendOtp({ mobileNumber, tenantId: 'pb', type: 'passwordreset' });
    const resetCode = await roster.otps.next(mobileNumber);
    const wrongCode = resetCode === '000000' ? '111111' : '000000';
    const reset = (otpReference: string, newPassword: string) =>
      egov.post('/user/password/nologin/_update', {
        otpReference,
        userName: mobileNumber,
        newPassword,
        tenantId: 'pb',
        type: 'CITIZEN',
      });
    await reset(wrongCode, PASSWORDS.reset);
    await reset(resetCode, 'abcdefg1@');
    await reset(resetCode, PASSWORDS.reset);
    await reset(resetCode, PASSWORDS.reset);
    await egov.post('/user/citizen/_create', {
      user: {
        name: 'Echo Otp',
        mobileNumber: newMobile(),
        tenantId: 'pb',
        otpReference: resetCode,
        password: PASSWORDS.citizen,
      },
    });

    const admin = await roster.adminToken();
    const employee = employeeInput({ name: 'Sana Secret' });
    await egov.post('/user/users/_createnovalidate', { user: employee }, admin);
    await egov.post('/user/users/_createnovalidate', { user: employeeInput({ password: 'Ab1@xyz' }) }, admin);
    const employeeLogin = await egov.login({
      username: String(employee.userName),
      password: PASSWORDS.employee,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
    });
    const employeeToken = employeeLogin.body?.access_token;
    await egov.post('/user/v1/_search', { tenantId: 'pb.amritsar', userName: employee.userName }, employeeToken);
    await egov.post('/user/_search', { tenantId: 'pb', userName: ADMIN.userName, userType: 'SYSTEM' }, admin);
    await egov.details(String(employeeToken));
  }

  /** Tokens, from the answers that are allowed to carry them. */
  function tokensIssued(): string[] {
    return egov.transcript.filter(carriesTokens).flatMap((answer) => {
      const body = JSON.parse(answer.text);
      return [body.access_token, body.refresh_token];
    });
  }

  async function secrets(): Promise<{ passwords: string[]; codes: string[]; tokens: string[] }> {
    return { passwords, codes: await roster.otps.allCodes(), tokens: tokensIssued() };
  }

  it('the journey issued tokens and OTPs (the scan has something to find)', async () => {
    const { codes, tokens } = await secrets();
    expect(codes.length).toBeGreaterThanOrEqual(2);
    expect(tokens.length).toBeGreaterThanOrEqual(10);
    expect(egov.transcript.filter((answer) => answer.status >= 400).length).toBeGreaterThanOrEqual(5);
  });

  it('the process output holds no password, OTP code, hash or token', async () => {
    const found = leaks(roster.output(), await secrets());
    expect(found).toEqual([]);
  });

  it('no HTTP answer holds a password, OTP code or hash', async () => {
    const all = await secrets();
    const found = egov.transcript.flatMap((answer) =>
      leaks(render(answer), { ...all, tokens: [] }).map((leak) => `${answer.path} ${answer.status}: ${leak}`),
    );
    expect(found).toEqual([]);
  });

  it('only the token bodies carry tokens, and each only its own', async () => {
    const all = await secrets();
    const found = egov.transcript.flatMap((answer) => {
      const own = carriesTokens(answer)
        ? (({ access_token, refresh_token }) => [access_token, refresh_token])(JSON.parse(answer.text))
        : [];
      const others = all.tokens.filter((token) => !own.includes(token));
      return leaks(render(answer), { passwords: [], codes: [], tokens: others }).map(
        (leak) => `${answer.path} ${answer.status}: ${leak}`,
      );
    });
    expect(found).toEqual([]);
  });
});

/** A successful token answer of `/user/oauth/token` or `/user/citizen/_create`. */
function carriesTokens(answer: Transcribed): boolean {
  return (
    (answer.path === '/user/oauth/token' || answer.path === '/user/citizen/_create') &&
    answer.status === 200 &&
    answer.text.includes('access_token')
  );
}

function render(answer: Transcribed): string {
  return `${JSON.stringify(answer.headers)}\n${answer.text}`;
}

/** What of `secrets` appears in `text`: codes only as whole numbers (a 6-digit run inside a longer number is not one). */
function leaks(text: string, secrets: { passwords: string[]; codes: string[]; tokens: string[] }): string[] {
  const found: string[] = [];
  if (text.includes('$argon2')) found.push('an argon2 hash');
  for (const password of secrets.passwords) if (text.includes(password)) found.push(`password ${password}`);
  for (const code of new Set(secrets.codes))
    if (new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(text)) found.push(`OTP ${code}`);
  for (const token of secrets.tokens) if (text.includes(token)) found.push(`token ${token.slice(0, 8)}…`);
  return found;
}
