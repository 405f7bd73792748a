import { Injectable } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { decideUser, ExistingUser, foldUser, fullNameOf, isLocked, passwordExpiresAt, stateTenantOf, UserCommand, UserEvent, UserType } from '@roster/domain';
import { StreamAppend } from '@roster/event-store';
import { EgovCaller, EgovTokenGrant, EgovUserRecord } from '@roster/user-service-contract';
import { PasswordHasher, RoleCatalogue, TokenClaims, TokenService } from '../auth/ports';
import { Clock } from '../clock';
import { NumericIdLookup } from '../users/numeric-id-lookup';
import { Reservations } from '../users/reservations';
import { asExisting, LoadedUser, UserStreams } from '../users/user-streams';
import { invalidAccessToken, userNotFound, weakPassword } from './egov-errors';

/** A loaded user that exists. */
export interface FoundUser extends LoadedUser {
  state: ExistingUser;
}

/** Builds the next command from the user as it is now; null: nothing to decide. */
export type NextCommand = (user: ExistingUser) => UserCommand | null;

/** Citizens live at the state level (`pb.amritsar` → `pb`); other users keep their tenant. */
export function tenantOfType(userType: UserType, tenantId: string): string {
  return userType === 'CITIZEN' ? stateTenantOf(tenantId) : tenantId;
}

/**
 * What the egov use cases share: finding users by name or number, writing decisions, answering records
 * and tokens. Reads the write side (the streams), so a login or a token check never waits for the projector.
 */
@Injectable()
export class EgovUsers {
  constructor(
    private readonly streams: UserStreams,
    private readonly reservations: Reservations,
    private readonly clock: Clock,
    private readonly config: RosterConfig,
    private readonly roles: RoleCatalogue,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly numericIds: NumericIdLookup,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async find(userId: string): Promise<FoundUser | null> {
    const loaded = await this.streams.load(userId);
    return loaded.state.status === 'existing' ? (loaded as FoundUser) : null;
  }

  /** The user holding `userName` in (tenant, type); citizens are looked up at their state-level tenant. */
  async findByUserName(tenantId: string, userType: UserType, userName: string): Promise<FoundUser | null> {
    const holderId = await this.reservations.userNameHolder({ tenantId: tenantOfType(userType, tenantId), userType, userName }, this.now());
    return holderId === null ? null : this.find(holderId);
  }

  /** The citizen registered with `mobileNumber` in the state-level tenant of `tenantId`. */
  async findCitizenByMobile(tenantId: string, mobileNumber: string): Promise<FoundUser | null> {
    const holderId = await this.reservations.mobileNumberHolder({ tenantId: stateTenantOf(tenantId), mobileNumber }, this.now());
    return holderId === null ? null : this.find(holderId);
  }

  /**
   * Decides the commands in order, each on the user as the ones before it left it, and appends every event
   * in one append with the `extra` appends (reservations) of the user as it ends up (see handleCommand).
   */
  async update(userId: string, commands: NextCommand[], extra: (user: ExistingUser) => Promise<StreamAppend[]> = async () => []): Promise<ExistingUser> {
    const { state } = await this.streams.run(userId, async ({ state: current }) => {
      if (current.status !== 'existing') throw userNotFound();
      let user: ExistingUser = current;
      const events: UserEvent[] = [];
      for (const next of commands) {
        const command = next(user);
        if (!command) continue;
        const decided = decideUser(command, user);
        events.push(...decided);
        user = asExisting(foldUser(decided, user));
      }
      return { events, alsoAppend: await extra(user) };
    });
    return asExisting(state);
  }

  async record(user: ExistingUser): Promise<EgovUserRecord> {
    const [record] = await this.records([user]);
    return record;
  }

  /** The answers for several users (a page), the numeric ids of all their actors looked up at once. */
  async records(users: readonly ExistingUser[]): Promise<EgovUserRecord[]> {
    const actors = users.flatMap((user) => [user.createdBy, user.lastModifiedBy]).filter((actor): actor is string => actor !== null);
    const numericIds = await this.numericIds.of(actors);
    const numericIdOf = (actor: string | null) => (actor === null ? null : (numericIds.get(actor) ?? null));
    const now = this.now().toISOString();
    return users.map((user) => this.recordOf(user, numericIdOf, now));
  }

  private recordOf(user: ExistingUser, numericIdOf: (actor: string | null) => number | null, now: string): EgovUserRecord {
    return {
      uuid: user.id,
      numericId: user.numericId,
      tenantId: user.tenantId,
      type: user.userType,
      userName: user.userName,
      name: fullNameOf(user.profile),
      profile: user.profile,
      roles: user.roles.map((role) => ({ code: role.code, name: this.roles.find(role.tenantId, role.code)?.name ?? role.code, tenantId: role.tenantId })),
      active: user.active,
      accountLocked: isLocked(user, now),
      accountLockedUntil: isLocked(user, now) ? user.lockedUntil : null,
      passwordExpiresAt: passwordExpiresAt(user, this.config.egov.passwordExpiryDays),
      createdBy: user.createdBy,
      createdByNumericId: numericIdOf(user.createdBy),
      createdAt: user.createdAt,
      lastModifiedBy: user.lastModifiedBy,
      lastModifiedByNumericId: numericIdOf(user.lastModifiedBy),
      updatedAt: user.updatedAt,
    };
  }

  async grant(user: ExistingUser, scope = 'read'): Promise<EgovTokenGrant> {
    const issued = await this.tokens.issue({ userId: user.id, tenantId: user.tenantId, userType: user.userType }, this.now());
    return { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresIn: issued.expiresIn, scope, user: await this.record(user) };
  }

  /** The user behind token claims, if the token still speaks for them (see `tokenStillValid`). */
  async holderOf(claims: TokenClaims | null): Promise<FoundUser> {
    const found = claims ? await this.find(claims.userId) : null;
    if (!claims || !found || !tokenStillValid(found.state, claims, this.now())) throw invalidAccessToken();
    return found;
  }

  /** The user as a caller, with the permissions its roles grant now (not when a token was issued). */
  callerOf(user: ExistingUser): EgovCaller {
    return {
      userId: user.id,
      tenantId: user.tenantId,
      userType: user.userType,
      userName: user.userName,
      roles: user.roles,
      permissions: this.roles.permissionsOf(user.roles),
      trusted: false,
    };
  }

  /** The password policy (`passwordPolicyViolations`), checked here as well as at the gateway: no weak password reaches a hash. */
  hashPassword(password: string, field = 'password'): Promise<string> {
    const weak = weakPassword(password, field);
    if (weak) return Promise.reject(weak);
    return this.hasher.hash(password);
  }
}

/**
 * A token speaks for its user while the user exists in the token's tenant, is active, is not locked, and
 * has not changed credentials (password change, lock, deactivation) since the token was issued.
 */
export function tokenStillValid(user: ExistingUser, claims: TokenClaims, now: Date): boolean {
  if (user.tenantId !== claims.tenantId || user.userType !== claims.userType) return false;
  if (!user.active || isLocked(user, now.toISOString())) return false;
  return user.credentialsChangedAt === null || Date.parse(user.credentialsChangedAt) <= claims.issuedAt.getTime();
}
