import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { loggedInEmployee } from '../testing/logged-in';
import { EgovRefreshCommand } from './refresh.command';
import { EgovRefreshHandler } from './refresh.handler';

describe('egov refresh_token grant', () => {
  let fx: EgovFixture;
  let refresh: (token: string) => Promise<unknown>;

  beforeEach(() => {
    fx = egovFixture();
    refresh = (token) =>
      new EgovRefreshHandler(fx.clock, fx.lookup, fx.tokenGrants, fx.tokens).execute(new EgovRefreshCommand(token));
  });
  afterEach(() => fx.store.close());

  it('answers a new grant and spends the old refresh token (rotation)', async () => {
    const { user, grant } = await loggedInEmployee(fx);
    await expect(refresh(grant.refreshToken)).resolves.toMatchObject({ user: { uuid: user.id }, scope: 'read' });
    await expect(refresh(grant.refreshToken)).rejects.toMatchObject({ kind: 'unauthorized', code: 'invalid_grant' });
  });

  it('an access token, or a refresh token older than a password change, is refused', async () => {
    const { user, grant } = await loggedInEmployee(fx);
    await expect(refresh(grant.accessToken)).rejects.toMatchObject({ code: 'invalid_grant' });
    fx.clock.advance(1000);
    const at = fx.clock.now().toISOString();
    await fx.updates.update(user.id, [
      () => ({
        type: 'ChangePassword',
        data: { userId: user.id, tenantId: user.tenantId, passwordHash: 'fake$x', reason: 'change', at },
      }),
    ]);
    await expect(refresh(grant.refreshToken)).rejects.toMatchObject({ code: 'invalid_grant' });
  });
});
