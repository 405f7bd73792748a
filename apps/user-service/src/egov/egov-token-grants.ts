import { Injectable } from '@nestjs/common';
import { ExistingUser, isLocked } from '@roster/domain';
import { EgovTokenGrant } from '@roster/user-service-contract';
import { TokenClaims, TokenService } from '../auth/ports';
import { Clock } from '../clock';
import { invalidAccessToken } from './egov-errors';
import { EgovUserLookup, FoundUser } from './egov-user-lookup';
import { EgovUserPresenter } from './egov-user-presenter';

/** Issues token grants to users and finds the user a token still speaks for. */
@Injectable()
export class EgovTokenGrants {
  constructor(
    private readonly tokens: TokenService,
    private readonly lookup: EgovUserLookup,
    private readonly presenter: EgovUserPresenter,
    private readonly clock: Clock,
  ) {}

  async grant(user: ExistingUser, scope = 'read'): Promise<EgovTokenGrant> {
    const issued = await this.tokens.issue(
      { userId: user.id, tenantId: user.tenantId, userType: user.userType },
      this.clock.now(),
    );
    return {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresIn: issued.expiresIn,
      scope,
      user: await this.presenter.record(user),
    };
  }

  /** The user behind token claims, if the token still speaks for them (see `tokenStillValid`). */
  async holderOf(claims: TokenClaims | null): Promise<FoundUser> {
    const found = claims ? await this.lookup.find(claims.userId) : null;
    if (!claims || !found || !tokenStillValid(found.state, claims, this.clock.now())) throw invalidAccessToken();
    return found;
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
