import { loadConfig } from '@roster/config';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { deriveAuthKeys } from '../secret/server-secret';
import { HmacTokenService, sessionStream } from './hmac-token-service';

const now = new Date('2026-01-01T00:00:00Z');
const user = { userId: '0b5c1a4e-0000-4000-8000-000000000001', tenantId: 'pb.amritsar', userType: 'EMPLOYEE' as const };
const config = loadConfig({ ROSTER_ACCESS_TOKEN_TTL_SECONDS: '3600', ROSTER_REFRESH_TOKEN_TTL_SECONDS: '7200' });
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('HmacTokenService', () => {
  let store: InMemoryEventStore;
  let tokens: HmacTokenService;
  const keys = deriveAuthKeys(Buffer.alloc(32, 2));

  beforeEach(() => {
    store = new InMemoryEventStore();
    tokens = new HmacTokenService(store, config, keys);
  });

  it('issues an access and a refresh token of one session with tenant-bound claims', async () => {
    const issued = await tokens.issue(user, now);

    expect(issued.expiresIn).toBe(3600);
    expect(issued.claims).toEqual({
      ...user,
      sessionId: expect.stringMatching(/^[\w-]{22}$/),
      issuedAt: now,
      expiresAt: later(3600),
    });
    expect(issued.accessToken).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(await tokens.verifyAccess(issued.accessToken, later(10))).toEqual(issued.claims);
    expect(await tokens.verifyRefresh(issued.refreshToken, later(10))).toEqual({
      ...issued.claims,
      expiresAt: later(7200),
    });
    expect((await tokens.issue(user, now)).claims.sessionId).not.toBe(issued.claims.sessionId);
  });

  it('refuses a token of the other kind', async () => {
    const issued = await tokens.issue(user, now);

    expect(await tokens.verifyAccess(issued.refreshToken, now)).toBeNull();
    expect(await tokens.verifyRefresh(issued.accessToken, now)).toBeNull();
  });

  it('refuses a token at or after its expiry', async () => {
    const issued = await tokens.issue(user, now);

    expect(await tokens.verifyAccess(issued.accessToken, later(3599))).not.toBeNull();
    expect(await tokens.verifyAccess(issued.accessToken, later(3600))).toBeNull();
    expect(await tokens.verifyRefresh(issued.refreshToken, later(7200))).toBeNull();
  });

  it('refuses forged, altered and malformed tokens', async () => {
    const { accessToken } = await tokens.issue(user, now);
    const [body, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const otherTenant = Buffer.from(JSON.stringify({ ...claims, tenant: 'mh' })).toString('base64url');
    const foreignKey = new HmacTokenService(store, config, deriveAuthKeys(Buffer.alloc(32, 3)));

    for (const token of [
      `${otherTenant}.${signature}`,
      `${body}.${signature.slice(0, -2)}`,
      `${body}.`,
      body,
      '',
      'a.b.c',
      `${accessToken}.x`,
    ]) {
      expect(await tokens.verifyAccess(token, now)).toBeNull();
    }
    expect(await foreignKey.verifyAccess(accessToken, now)).toBeNull();
  });

  it('revokes both tokens of a session, for every process reading the same store', async () => {
    const issued = await tokens.issue(user, now);
    const other = await tokens.issue(user, now);
    const otherProcess = new HmacTokenService(store, config, keys);
    expect(await otherProcess.verifyAccess(issued.accessToken, now)).not.toBeNull();

    await tokens.revokeSession(issued.claims, later(5));

    for (const service of [tokens, otherProcess]) {
      expect(await service.verifyAccess(issued.accessToken, later(6))).toBeNull();
      expect(await service.verifyRefresh(issued.refreshToken, later(6))).toBeNull();
      expect(await service.verifyAccess(other.accessToken, later(6))).not.toBeNull();
    }
    const [revoked] = await store.readStream(sessionStream(issued.claims.sessionId));
    expect(revoked).toMatchObject({
      type: 'SessionRevoked',
      data: { sessionId: issued.claims.sessionId, userId: user.userId, at: later(5).toISOString() },
    });
  });

  it('puts no secret in the session stream', async () => {
    const issued = await tokens.issue(user, now);
    await tokens.revokeSession(issued.claims, now);
    await tokens.revokeSession(issued.claims, now);

    const events = await store.readStream(sessionStream(issued.claims.sessionId));
    const stored = JSON.stringify(events.map(({ data, metadata }) => [data, metadata]));
    expect(stored).not.toContain(issued.accessToken.split('.')[1]);
    expect(stored).not.toContain(issued.refreshToken.split('.')[1]);
  });
});
