import { Injectable } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { ExistingUser, fullNameOf, isLocked, passwordExpiresAt } from '@roster/domain';
import { EgovUserRecord } from '@roster/user-service-contract';
import { RoleCatalogue } from '../auth/ports';
import { Clock } from '../clock';
import { NumericIdLookup } from '../users/numeric-id-lookup';

/** Turns users into the records the egov face answers: role names, lock state, expiry and actors' numeric ids. */
@Injectable()
export class EgovUserPresenter {
  constructor(
    private readonly roles: RoleCatalogue,
    private readonly config: RosterConfig,
    private readonly numericIds: NumericIdLookup,
    private readonly clock: Clock,
  ) {}

  async record(user: ExistingUser): Promise<EgovUserRecord> {
    const [record] = await this.records([user]);
    return record;
  }

  /** The answers for several users (a page), the numeric ids of all their actors looked up at once. */
  async records(users: readonly ExistingUser[]): Promise<EgovUserRecord[]> {
    const actors = users
      .flatMap((user) => [user.createdBy, user.lastModifiedBy])
      .filter((actor): actor is string => actor !== null);
    const numericIds = await this.numericIds.of(actors);
    const numericIdOf = (actor: string | null) => (actor === null ? null : (numericIds.get(actor) ?? null));
    const now = this.clock.now().toISOString();
    return users.map((user) => this.recordOf(user, numericIdOf, now));
  }

  private recordOf(
    user: ExistingUser,
    numericIdOf: (actor: string | null) => number | null,
    now: string,
  ): EgovUserRecord {
    return {
      uuid: user.id,
      numericId: user.numericId,
      tenantId: user.tenantId,
      type: user.userType,
      userName: user.userName,
      name: fullNameOf(user.profile),
      profile: user.profile,
      roles: user.roles.map((role) => ({
        code: role.code,
        name: this.roles.find(role.tenantId, role.code)?.name ?? role.code,
        tenantId: role.tenantId,
      })),
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
}
