import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TokenService } from '../../auth/ports';
import { invalidAccessToken } from '../egov-errors';
import { Clock } from '../../clock';
import { EgovLogoutCommand } from './logout.command';

/** `/user/_logout`: revokes the token's session, so its refresh token dies with it. */
@CommandHandler(EgovLogoutCommand)
export class EgovLogoutHandler implements ICommandHandler<EgovLogoutCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  async execute({ accessToken }: EgovLogoutCommand): Promise<void> {
    const now = this.clock.now();
    const claims = await this.tokens.verifyAccess(accessToken, now);
    if (!claims) throw invalidAccessToken();
    await this.tokens.revokeSession(claims, now);
  }
}
