import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import { USER_TYPES, UserType } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { IssuedTokens, TokenClaims, TokenService } from '../ports';
import { AUTH_KEYS, AuthKeys } from '../secret/server-secret';

type TokenKind = 'access' | 'refresh';

/** What a token carries, signed. Times are epoch milliseconds (credentials changed in the same second must still kill it). */
interface TokenPayload {
  kind: TokenKind;
  sub: string;
  tenant: string;
  type: UserType;
  sid: string;
  iat: number;
  exp: number;
}

/** Logout writes here; the relay publishes only `user-` streams, so sessions stay internal. */
export function sessionStream(sessionId: string): string {
  return `session-${sessionId}`;
}

/** Revoked sessions remembered per process; a revocation never ends, so a hit needs no second look. */
const REVOKED_CACHE_SIZE = 10_000;

/**
 * Opaque tokens `<base64url JSON payload>.<base64url HMAC-SHA256>`: nothing to store per token, and the
 * server-only key means a client can read its claims but forge none. Both tokens of a login share a random
 * session id; logout revokes the session in the event store, which every process reads on verification.
 */
@Injectable()
export class HmacTokenService extends TokenService {
  private readonly tokenKey: Buffer;
  private readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;
  private readonly revoked = new Map<string, true>();

  constructor(
    private readonly store: EventStore,
    config: RosterConfig,
    @Inject(AUTH_KEYS) keys: AuthKeys,
  ) {
    super();
    this.tokenKey = keys.tokenKey;
    this.accessTtlMs = config.egov.accessTokenTtlSeconds * 1000;
    this.refreshTtlMs = config.egov.refreshTokenTtlSeconds * 1000;
  }

  async issue(user: { userId: string; tenantId: string; userType: UserType }, now: Date): Promise<IssuedTokens> {
    const base = {
      sub: user.userId,
      tenant: user.tenantId,
      type: user.userType,
      sid: randomBytes(16).toString('base64url'),
      iat: now.getTime(),
    };
    const access: TokenPayload = { ...base, kind: 'access', exp: base.iat + this.accessTtlMs };
    const refresh: TokenPayload = { ...base, kind: 'refresh', exp: base.iat + this.refreshTtlMs };
    return {
      accessToken: this.sign(access),
      refreshToken: this.sign(refresh),
      expiresIn: this.accessTtlMs / 1000,
      claims: claimsOf(access),
    };
  }

  verifyAccess(token: string, now: Date): Promise<TokenClaims | null> {
    return this.verify(token, 'access', now);
  }

  verifyRefresh(token: string, now: Date): Promise<TokenClaims | null> {
    return this.verify(token, 'refresh', now);
  }

  async revokeSession(claims: TokenClaims, now: Date): Promise<void> {
    const event = {
      type: 'SessionRevoked',
      data: { sessionId: claims.sessionId, userId: claims.userId, at: now.toISOString() },
    };
    await this.store.append(sessionStream(claims.sessionId), [event], 'any');
    this.remember(claims.sessionId);
  }

  private async verify(token: string, kind: TokenKind, now: Date): Promise<TokenClaims | null> {
    const payload = this.open(token);
    if (!payload || payload.kind !== kind || now.getTime() >= payload.exp) return null;
    if (await this.isRevoked(payload.sid)) return null;
    return claimsOf(payload);
  }

  private sign(payload: TokenPayload): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The payload of a token this server signed, or null; the signature is checked before anything is parsed. */
  private open(token: string): TokenPayload | null {
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [body, signature] = parts;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return isTokenPayload(payload) ? payload : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.tokenKey).update(body).digest();
  }

  private async isRevoked(sessionId: string): Promise<boolean> {
    if (this.revoked.has(sessionId)) return true;
    const events = await this.store.readStream(sessionStream(sessionId));
    if (events.length === 0) return false;
    this.remember(sessionId);
    return true;
  }

  private remember(sessionId: string): void {
    this.revoked.set(sessionId, true);
    if (this.revoked.size > REVOKED_CACHE_SIZE) this.revoked.delete(this.revoked.keys().next().value as string);
  }
}

function claimsOf(payload: TokenPayload): TokenClaims {
  return {
    userId: payload.sub,
    tenantId: payload.tenant,
    userType: payload.type,
    sessionId: payload.sid,
    issuedAt: new Date(payload.iat),
    expiresAt: new Date(payload.exp),
  };
}

// Signed by us, so malformed only if the format changed; checked anyway so an old format cannot half-parse.
function isTokenPayload(value: unknown): value is TokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const payload = value as Record<string, unknown>;
  return (
    (payload.kind === 'access' || payload.kind === 'refresh') &&
    typeof payload.sub === 'string' &&
    typeof payload.tenant === 'string' &&
    (USER_TYPES as readonly unknown[]).includes(payload.type) &&
    typeof payload.sid === 'string' &&
    Number.isSafeInteger(payload.iat) &&
    Number.isSafeInteger(payload.exp)
  );
}
