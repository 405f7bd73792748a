import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EgovUserRecord } from '@roster/user-service-contract';
import { TokenService } from '../../auth/ports';
import { EgovUsers } from '../egov-users';
import { EgovDetailsQuery } from './details.query';

/** `/user/_details`: the user behind a valid access token, read from its stream (never stale). */
@QueryHandler(EgovDetailsQuery)
export class EgovDetailsHandler implements IQueryHandler<EgovDetailsQuery, EgovUserRecord> {
  constructor(
    private readonly users: EgovUsers,
    private readonly tokens: TokenService,
  ) {}

  async execute({ accessToken }: EgovDetailsQuery): Promise<EgovUserRecord> {
    const { state } = await this.users.holderOf(await this.tokens.verifyAccess(accessToken, this.users.now()));
    return this.users.record(state);
  }
}
