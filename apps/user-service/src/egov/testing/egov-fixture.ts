import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RosterConfig } from '@roster/config';
import { loadConfig } from '@roster/config';
import type { ExistingUser, Role, UserType } from '@roster/domain';
import { grants, stateTenantOf } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { CapturingNotifier } from '@roster/messaging';
import type { EgovCaller } from '@roster/user-service-contract';
import { EventStoreOtpService } from '../../auth/otp/event-store-otp-service';
import type { IssuedTokens, RoleDefinition, TokenClaims } from '../../auth/ports';
import { PasswordHasher, RoleCatalogue, TokenService } from '../../auth/ports';
import { deriveAuthKeys } from '../../auth/secret/server-secret';
import { Clock } from '../../clock';
import { Reservations } from '../../users/reservations';
import { NumericIdLookup } from '../../users/numeric-id-lookup';
import { NumericIds } from '../../users/numeric-ids';
import { UserStreams } from '../../users/user-streams';
import { EgovCallers } from '../egov-callers';
import { EgovPasswords } from '../egov-passwords';
import { EgovTokenGrants } from '../egov-token-grants';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserPresenter } from '../egov-user-presenter';
import { EgovUserUpdates } from '../egov-user-updates';
import type { NewUser } from '../user-creation';
import { UserCreation } from '../user-creation';

/** A clock tests move forward. */
export class MovableClock extends Clock {
  constructor(private at = new Date('2026-01-01T00:00:00Z')) {
    super();
  }

  now(): Date {
    return this.at;
  }

  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** Not argon2 (too slow for unit tests), but keeps its contract and counts the dummy verifications. */
export class FakePasswordHasher extends PasswordHasher {
  verifiedNothing = 0;

  async hash(password: string): Promise<string> {
    return `fake$${Buffer.from(password).toString('base64')}`;
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    return passwordHash === (await this.hash(password)) || passwordHash === `legacy$${password}`;
  }

  /** `legacy$<password>` stands for an imported hash of an older kind. */
  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith('fake$');
  }

  async verifyNothing(_password: string): Promise<false> {
    this.verifiedNothing++;
    return false;
  }
}

/** Random opaque tokens remembered in memory, with sessions that can be revoked. */
export class FakeTokenService extends TokenService {
  private readonly access = new Map<string, TokenClaims>();
  private readonly refresh = new Map<string, TokenClaims>();
  private readonly revoked = new Set<string>();

  async issue(user: { userId: string; tenantId: string; userType: UserType }, now: Date): Promise<IssuedTokens> {
    const claims = { ...user, sessionId: randomUUID(), issuedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) };
    const tokens = { accessToken: randomBytes(16).toString('hex'), refreshToken: randomBytes(16).toString('hex') };
    this.access.set(tokens.accessToken, claims);
    this.refresh.set(tokens.refreshToken, claims);
    return { ...tokens, expiresIn: 3600, claims };
  }

  async verifyAccess(token: string, now: Date): Promise<TokenClaims | null> {
    return this.live(this.access.get(token), now);
  }

  async verifyRefresh(token: string, now: Date): Promise<TokenClaims | null> {
    return this.live(this.refresh.get(token), now);
  }

  async revokeSession(claims: TokenClaims): Promise<void> {
    this.revoked.add(claims.sessionId);
  }

  private live(claims: TokenClaims | undefined, now: Date): TokenClaims | null {
    if (!claims || this.revoked.has(claims.sessionId) || claims.expiresAt <= now) return null;
    return claims;
  }
}

const ROLES: Record<string, RoleDefinition> = {
  SUPERUSER: { code: 'SUPERUSER', name: 'Super User', permissions: ['*'] },
  CITIZEN: { code: 'CITIZEN', name: 'Citizen', permissions: [] },
  EMPLOYEE: { code: 'EMPLOYEE', name: 'Employee', permissions: ['user:read'] },
  HR: { code: 'HR', name: 'HR admin', permissions: ['user:read', 'user:create:employee', 'user:update:employee'] },
  CSR: { code: 'CSR', name: 'Counter clerk', permissions: ['user:read', 'user:create:citizen', 'user:update:citizen'] },
};

/** Every role exists in every tenant of the `pb` and `hr` families. */
export class FakeRoleCatalogue extends RoleCatalogue {
  find(tenantId: string, code: string): RoleDefinition | null {
    return ['pb', 'hr'].includes(stateTenantOf(tenantId)) ? (ROLES[code] ?? null) : null;
  }

  permissionsOf(roles: readonly Role[]): string[] {
    return [...new Set(roles.flatMap((role) => this.find(role.tenantId, role.code)?.permissions ?? []))];
  }
}

export function testConfig(): RosterConfig {
  return loadConfig({ EVENT_STORE: 'memory' });
}

/**
 * The egov use cases' collaborators on an in-memory store, with the real OTP service and a capturing notifier.
 * `numericIdBlockSize` 1 makes every create reserve a block, to see what a refused one writes.
 */
export function egovFixture({ numericIdBlockSize }: { numericIdBlockSize?: number } = {}) {
  const store = new InMemoryEventStore();
  const clock = new MovableClock();
  const config = testConfig();
  const streams = new UserStreams(store);
  const reservations = new Reservations(store, streams);
  const hasher = new FakePasswordHasher();
  const tokens = new FakeTokenService();
  const roles = new FakeRoleCatalogue();
  const notifier = new CapturingNotifier();
  const otp = new EventStoreOtpService(store, notifier, clock, config, deriveAuthKeys(randomBytes(32)));
  const lookup = new EgovUserLookup(streams, reservations, clock);
  const updates = new EgovUserUpdates(streams);
  const presenter = new EgovUserPresenter(roles, config, new NumericIdLookup(streams), clock);
  const tokenGrants = new EgovTokenGrants(tokens, lookup, presenter, clock);
  const callers = new EgovCallers(roles);
  const passwords = new EgovPasswords(hasher);
  const numericIds = new NumericIds(store, numericIdBlockSize);
  const creation = new UserCreation(streams, reservations, clock, numericIds);
  const idempotency = new IdempotentRequests(store, clock, config);

  /** Writes a user directly (through the creation path), for a test's given state. */
  async function given(
    user: Partial<NewUser> & { userType: UserType; tenantId: string; password?: string },
  ): Promise<ExistingUser> {
    const { password, ...fields } = user;
    const [created] = await creation.create([
      {
        userId: randomUUID(),
        userName: null,
        profile: { firstName: 'Test', lastName: 'User' },
        roles: [],
        active: true,
        passwordHash: password ? await hasher.hash(password) : null,
        verifiedOtp: null,
        by: null,
        ...fields,
      },
    ]);
    return created;
  }

  const callerOf = (user: ExistingUser): EgovCaller => callers.callerOf(user);

  return {
    store,
    clock,
    config,
    streams,
    reservations,
    hasher,
    tokens,
    roles,
    notifier,
    otp,
    lookup,
    updates,
    presenter,
    tokenGrants,
    callers,
    passwords,
    creation,
    idempotency,
    given,
    callerOf,
    grants,
  };
}

export type EgovFixture = ReturnType<typeof egovFixture>;
