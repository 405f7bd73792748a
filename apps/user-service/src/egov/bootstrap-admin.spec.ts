import { loadConfig } from '@roster/config';
import { BootstrapAdmin } from './bootstrap-admin';
import { EgovLoginCommand } from './login/login.command';
import { EgovLoginHandler } from './login/login.handler';
import type { EgovFixture } from './testing/egov-fixture';
import { egovFixture } from './testing/egov-fixture';

const ADMIN = {
  ROSTER_BOOTSTRAP_ADMIN_USERNAME: 'admin',
  ROSTER_BOOTSTRAP_ADMIN_PASSWORD: 'Admin#1234',
  ROSTER_BOOTSTRAP_ADMIN_TENANT: 'pb',
};

describe('bootstrap admin', () => {
  let fx: EgovFixture;

  beforeEach(() => (fx = egovFixture()));
  afterEach(() => fx.store.close());

  const start = (env: Record<string, string>) => {
    const config = loadConfig({ EVENT_STORE: 'memory', ...env });
    return new BootstrapAdmin(config, fx.lookup, fx.passwords, fx.creation).onApplicationBootstrap();
  };
  const logIn = (password: string) =>
    new EgovLoginHandler(fx.lookup, fx.clock, fx.updates, fx.tokenGrants, fx.hasher, fx.otp, fx.config).execute(
      new EgovLoginCommand({ userName: 'admin', password, tenantId: 'pb', userType: 'SYSTEM' }),
    );

  it('creates a SYSTEM user with the SUPERUSER role that logs in with the configured password', async () => {
    await start(ADMIN);
    const grant = await logIn('Admin#1234');
    expect(grant.user).toMatchObject({
      type: 'SYSTEM',
      tenantId: 'pb',
      userName: 'admin',
      roles: [{ code: 'SUPERUSER', tenantId: 'pb' }],
    });
    expect(grant.user).toMatchObject({ numericId: 1, createdByNumericId: null, lastModifiedByNumericId: null });
  });

  it('is idempotent across restarts and keeps the first password', async () => {
    await start(ADMIN);
    const events = (await fx.store.readAll(null, 1000)).length;
    await start({ ...ADMIN, ROSTER_BOOTSTRAP_ADMIN_PASSWORD: 'Changed#5678' });
    expect((await fx.store.readAll(null, 1000)).length).toBe(events);
    await expect(logIn('Admin#1234')).resolves.toBeDefined();
  });

  it('does nothing without the configuration', async () => {
    await start({});
    expect(await fx.store.readAll(null, 1000)).toEqual([]);
  });
});
