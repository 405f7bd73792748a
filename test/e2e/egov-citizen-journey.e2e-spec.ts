import type { EgovClient } from './support/egov-client';
import { newMobile, PASSWORDS } from './support/egov-client';
import type { Registered } from './support/egov-roster';
import {
  EgovRoster,
  expectEgovError,
  expectTokenBody,
  expectUsersEnvelope,
  registerCitizen,
  tokenOf,
} from './support/egov-roster';

/**
 * A citizen's life on the egov-user face, as DIGIT's citizen app drives it, against the built all-in-one
 * process: OTP registration in one call, login with a city tenant (collapsed to the state), profile and
 * password changes, logout, and a password reset by OTP.
 */
describe('egov citizen journey', () => {
  let roster: EgovRoster;
  let egov: EgovClient;
  const mobileNumber = newMobile();
  let citizen: Registered;
  let loginToken: string;
  let loginRefreshToken: string;

  beforeAll(async () => {
    roster = await EgovRoster.start();
    egov = roster.egov;
  });
  afterAll(() => roster.stop());

  const login = (password: string) =>
    egov.login({ username: mobileNumber, password, tenantId: 'pb.amritsar', userType: 'CITIZEN' });

  it('sends a register OTP without revealing the code', async () => {
    const sent = await egov.sendOtp({ mobileNumber, tenantId: 'pb.amritsar', type: 'register' });
    expect({ status: sent.status, body: sent.body }).toEqual({
      status: 201,
      body: { responseInfo: null, isSuccessful: true },
    });
    const code = await roster.otps.next(mobileNumber);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(sent.body)).not.toContain(code);
    // The code is spent by the next test; ask for a fresh one there.
  });

  it('creates the citizen with otpReference and answers the token body (login on registration)', async () => {
    citizen = await registerCitizen(roster, mobileNumber, 'pb.amritsar', PASSWORDS.citizen);
    expect(citizen).toMatchObject({ userName: mobileNumber, tenantId: 'pb' });
    const details = await egov.details(citizen.accessToken);
    expect({ status: details.status, body: details.body }).toMatchObject({
      status: 200,
      body: {
        uuid: citizen.uuid,
        userName: mobileNumber,
        name: 'Asha Rani',
        mobileNumber,
        type: 'CITIZEN',
        tenantId: 'pb',
      },
    });
    expect(details.body.roles.map((role: { code: string }) => role.code)).toContain('CITIZEN');
  });

  it('a second register OTP for the same mobile number is refused', async () => {
    expectEgovError(await egov.sendOtp({ mobileNumber, tenantId: 'pb', type: 'register' }), 400, 'OTP.MOBILENUMBER');
  });

  it('logs in with the password grant; the city tenant collapses to the state', async () => {
    const answer = await login(PASSWORDS.citizen);
    expectTokenBody(answer);
    expect(answer.body.UserRequest).toMatchObject({
      uuid: citizen.uuid,
      id: expect.any(Number),
      userName: mobileNumber,
      type: 'CITIZEN',
      tenantId: 'pb',
    });
    expect(answer.body.UserRequest.password ?? null).toBeNull();
    loginToken = answer.body.access_token;
    loginRefreshToken = answer.body.refresh_token;
  });

  it('the refresh_token grant issues a new working session and retires the old one (rotation)', async () => {
    const refreshed = await egov.refresh(loginRefreshToken);
    expectTokenBody(refreshed);
    expect(refreshed.body.access_token).not.toBe(loginToken);
    expect(refreshed.body.UserRequest.uuid).toBe(citizen.uuid);
    const details = await egov.details(refreshed.body.access_token);
    expect({ status: details.status, uuid: details.body.uuid }).toEqual({ status: 200, uuid: citizen.uuid });

    expectEgovError(await egov.details(loginToken), 401);
    expectEgovError(await egov.refresh(loginRefreshToken), [400, 401]);
    loginToken = refreshed.body.access_token;
    loginRefreshToken = refreshed.body.refresh_token;
  });

  it('/user/_details answers the user behind the token, and 401 for a forged token', async () => {
    const details = await egov.details(loginToken);
    expect({ status: details.status, body: details.body }).toMatchObject({
      status: 200,
      body: { uuid: citizen.uuid, userName: mobileNumber },
    });
    expectEgovError(await egov.details(`${loginToken.slice(0, -4)}AAAA`), 401);
    expectEgovError(await egov.details('not-a-token'), 401);
  });

  it('updates its own profile', async () => {
    const answer = await egov.post(
      '/user/profile/_update',
      {
        user: {
          uuid: citizen.uuid,
          name: 'Asha Kumari Rani',
          emailId: 'asha@example.com',
          permanentCity: 'Amritsar',
          tenantId: 'pb',
          type: 'CITIZEN',
        },
      },
      loginToken,
    );
    const [user] = expectUsersEnvelope(answer);
    expect(user).toMatchObject({
      uuid: citizen.uuid,
      name: 'Asha Kumari Rani',
      emailId: 'asha@example.com',
      userName: mobileNumber,
      mobileNumber,
      active: true,
    });

    const search = await egov.post('/user/_search', { uuid: [citizen.uuid], tenantId: 'pb' }, loginToken);
    expect(expectUsersEnvelope(search)).toEqual([
      expect.objectContaining({ uuid: citizen.uuid, name: 'Asha Kumari Rani', emailId: 'asha@example.com' }),
    ]);
  });

  it('changes its password; tokens issued before the change stop working', async () => {
    const answer = await egov.post(
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
      loginToken,
    );
    expect({ status: answer.status, body: answer.body }).toMatchObject({
      status: 200,
      body: { responseInfo: expect.anything() },
    });
    expectEgovError(await egov.details(loginToken), 401);
    expectEgovError(await egov.refresh(loginRefreshToken), [400, 401]);
    expectEgovError(await login(PASSWORDS.citizen), 401, 'invalid_grant');
  });

  it('logs in with the new password, logs out, and the token is rejected afterwards', async () => {
    const answer = await login(PASSWORDS.changed);
    expectTokenBody(answer);
    const token = answer.body.access_token;
    expect((await egov.details(token)).status).toBe(200);

    const logout = await egov.logout(token);
    expect({ status: logout.status, body: logout.body }).toMatchObject({
      status: 200,
      body: { status: 'Logout successfully', msgId: expect.any(String) },
    });

    expectEgovError(await egov.details(token), 401);
    expectEgovError(
      await egov.post('/user/profile/_update', { user: { uuid: citizen.uuid, name: 'After Logout' } }, token),
      401,
    );
    expectEgovError(await egov.refresh(answer.body.refresh_token), [400, 401]);
  });

  it('resets the password with a passwordreset OTP and logs in with the new one only', async () => {
    const sent = await egov.sendOtp({ mobileNumber, tenantId: 'pb.amritsar', type: 'passwordreset' });
    expect({ status: sent.status, body: sent.body }).toEqual({
      status: 201,
      body: { responseInfo: null, isSuccessful: true },
    });
    const otpReference = await roster.otps.next(mobileNumber);

    const reset = await egov.post('/user/password/nologin/_update', {
      otpReference,
      userName: mobileNumber,
      newPassword: PASSWORDS.reset,
      tenantId: 'pb.amritsar',
      type: 'CITIZEN',
    });
    expect({ status: reset.status, body: reset.body }).toMatchObject({
      status: 200,
      body: { responseInfo: expect.anything() },
    });

    const loggedIn = await login(PASSWORDS.reset);
    expectTokenBody(loggedIn);
    expect(loggedIn.body.UserRequest.uuid).toBe(citizen.uuid);
    expectEgovError(await login(PASSWORDS.changed), 401, 'invalid_grant');
    expect((await egov.details(tokenOf(loggedIn))).body.uuid).toBe(citizen.uuid);
  });
});
