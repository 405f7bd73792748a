import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EgovCaller } from '@roster/user-service-contract';
import { TokenService } from '../../auth/ports';
import { EgovUsers } from '../egov-users';
import { AuthenticateEgovQuery } from './authenticate.query';

/** The caller behind an access token, with the permissions its roles grant now (not when the token was issued). */
@QueryHandler(AuthenticateEgovQuery)
export class AuthenticateEgovHandler implements IQueryHandler<AuthenticateEgovQuery, EgovCaller> {
  constructor(
    private readonly users: EgovUsers,
    private readonly tokens: TokenService,
  ) {}

  async execute({ accessToken }: AuthenticateEgovQuery): Promise<EgovCaller> {
    const { state: user } = await this.users.holderOf(await this.tokens.verifyAccess(accessToken, this.users.now()));
    return this.users.callerOf(user);
  }
}
