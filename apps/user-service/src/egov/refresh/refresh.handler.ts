import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EgovTokenGrant } from '@roster/user-service-contract';
import { TokenService } from '../../auth/ports';
import { invalidRefreshToken } from '../egov-errors';
import { Clock } from '../../clock';
import { EgovTokenGrants, tokenStillValid } from '../egov-token-grants';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovRefreshCommand } from './refresh.command';

/**
 * The `refresh_token` grant: a new session for a user the old one still speaks for. The old session is
 * revoked (rotation), so a stolen refresh token works at most once.
 */
@CommandHandler(EgovRefreshCommand)
export class EgovRefreshHandler implements ICommandHandler<EgovRefreshCommand, EgovTokenGrant> {
  constructor(
    private readonly clock: Clock,
    private readonly lookup: EgovUserLookup,
    private readonly grants: EgovTokenGrants,
    private readonly tokens: TokenService,
  ) {}

  async execute({ refreshToken }: EgovRefreshCommand): Promise<EgovTokenGrant> {
    const now = this.clock.now();
    const claims = await this.tokens.verifyRefresh(refreshToken, now);
    const found = claims ? await this.lookup.find(claims.userId) : null;
    if (!claims || !found || !tokenStillValid(found.state, claims, now)) throw invalidRefreshToken();
    await this.tokens.revokeSession(claims, now);
    return this.grants.grant(found.state);
  }
}
