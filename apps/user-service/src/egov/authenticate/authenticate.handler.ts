import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EgovCaller } from '@roster/user-service-contract';
import { TokenService } from '../../auth/ports';
import { Clock } from '../../clock';
import { EgovCallers } from '../egov-callers';
import { EgovTokenGrants } from '../egov-token-grants';
import { AuthenticateEgovQuery } from './authenticate.query';

/** The caller behind an access token, with the permissions its roles grant now (not when the token was issued). */
@QueryHandler(AuthenticateEgovQuery)
export class AuthenticateEgovHandler implements IQueryHandler<AuthenticateEgovQuery, EgovCaller> {
  constructor(
    private readonly grants: EgovTokenGrants,
    private readonly clock: Clock,
    private readonly callers: EgovCallers,
    private readonly tokens: TokenService,
  ) {}

  async execute({ accessToken }: AuthenticateEgovQuery): Promise<EgovCaller> {
    const { state: user } = await this.grants.holderOf(await this.tokens.verifyAccess(accessToken, this.clock.now()));
    return this.callers.callerOf(user);
  }
}
