import { AuthenticateEgovHandler } from '../authenticate/authenticate.handler';
import { AuthenticateEgovQuery } from '../authenticate/authenticate.query';
import { EgovRefreshCommand } from '../refresh/refresh.command';
import { EgovRefreshHandler } from '../refresh/refresh.handler';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { loggedInEmployee } from '../testing/logged-in';
import { EgovLogoutCommand } from './logout.command';
import { EgovLogoutHandler } from './logout.handler';

describe('egov logout', () => {
  let fx: EgovFixture;

  beforeEach(() => (fx = egovFixture()));
  afterEach(() => fx.store.close());

  const logout = (token: string) => new EgovLogoutHandler(fx.clock, fx.tokens).execute(new EgovLogoutCommand(token));

  it('revokes the access token and its refresh token, and nothing else', async () => {
    const { user, grant } = await loggedInEmployee(fx);
    const otherSession = await fx.tokenGrants.grant(user);
    await logout(grant.accessToken);
    const authenticate = new AuthenticateEgovHandler(fx.tokenGrants, fx.clock, fx.callers, fx.tokens);
    await expect(authenticate.execute(new AuthenticateEgovQuery(grant.accessToken))).rejects.toMatchObject({
      code: 'InvalidAccessTokenException',
    });
    await expect(
      new EgovRefreshHandler(fx.clock, fx.lookup, fx.tokenGrants, fx.tokens).execute(
        new EgovRefreshCommand(grant.refreshToken),
      ),
    ).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(authenticate.execute(new AuthenticateEgovQuery(otherSession.accessToken))).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('an invalid or already revoked token is refused', async () => {
    const { grant } = await loggedInEmployee(fx);
    await logout(grant.accessToken);
    await expect(logout(grant.accessToken)).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
    await expect(logout('nonsense')).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
  });
});
