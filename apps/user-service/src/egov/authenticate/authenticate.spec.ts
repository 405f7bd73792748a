import { EgovDetailsHandler } from '../details/details.handler';
import { EgovDetailsQuery } from '../details/details.query';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { loggedInEmployee } from '../testing/logged-in';
import { AuthenticateEgovHandler } from './authenticate.handler';
import { AuthenticateEgovQuery } from './authenticate.query';

describe('egov access tokens (authenticate, details)', () => {
  let fx: EgovFixture;
  let authenticate: (token: string) => Promise<unknown>;
  let details: (token: string) => Promise<unknown>;

  beforeEach(() => {
    fx = egovFixture();
    authenticate = (token) =>
      new AuthenticateEgovHandler(fx.tokenGrants, fx.clock, fx.callers, fx.tokens).execute(
        new AuthenticateEgovQuery(token),
      );
    details = (token) =>
      new EgovDetailsHandler(fx.tokenGrants, fx.clock, fx.presenter, fx.tokens).execute(new EgovDetailsQuery(token));
  });
  afterEach(() => fx.store.close());

  it('a valid token names the caller with the permissions its roles grant', async () => {
    const { user, grant } = await loggedInEmployee(fx);
    await expect(authenticate(grant.accessToken)).resolves.toMatchObject({
      userId: user.id,
      permissions: expect.arrayContaining(['user:create:employee']),
    });
    await expect(details(grant.accessToken)).resolves.toMatchObject({ uuid: user.id, userName: 'clerk' });
  });

  it('an unknown token, or a refresh token used as access token, is refused', async () => {
    const { grant } = await loggedInEmployee(fx);
    for (const token of ['nonsense', grant.refreshToken]) {
      await expect(authenticate(token)).rejects.toMatchObject({
        kind: 'unauthorized',
        code: 'InvalidAccessTokenException',
      });
      await expect(details(token)).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
    }
  });

  it('deactivation revokes the tokens issued before it; a token issued later works once reactivated', async () => {
    const { user, grant } = await loggedInEmployee(fx);
    fx.clock.advance(1000);
    const at = fx.clock.now().toISOString();
    await fx.updates.update(user.id, [
      () => ({ type: 'SetActive', data: { userId: user.id, tenantId: user.tenantId, active: false, at } }),
    ]);
    await expect(authenticate(grant.accessToken)).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
    fx.clock.advance(1000);
    const back = await fx.updates.update(user.id, [
      () => ({
        type: 'SetActive',
        data: { userId: user.id, tenantId: user.tenantId, active: true, at: fx.clock.now().toISOString() },
      }),
    ]);
    await expect(authenticate(grant.accessToken)).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
    fx.clock.advance(1000);
    await expect(authenticate((await fx.tokenGrants.grant(back)).accessToken)).resolves.toMatchObject({
      userId: user.id,
    });
  });
});
