import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EgovUserRecord } from '@roster/user-service-contract';
import { TokenService } from '../../auth/ports';
import { Clock } from '../../clock';
import { EgovTokenGrants } from '../egov-token-grants';
import { EgovUserPresenter } from '../egov-user-presenter';
import { EgovDetailsQuery } from './details.query';

/** `/user/_details`: the user behind a valid access token, read from its stream (never stale). */
@QueryHandler(EgovDetailsQuery)
export class EgovDetailsHandler implements IQueryHandler<EgovDetailsQuery, EgovUserRecord> {
  constructor(
    private readonly grants: EgovTokenGrants,
    private readonly clock: Clock,
    private readonly presenter: EgovUserPresenter,
    private readonly tokens: TokenService,
  ) {}

  async execute({ accessToken }: EgovDetailsQuery): Promise<EgovUserRecord> {
    const { state } = await this.grants.holderOf(await this.tokens.verifyAccess(accessToken, this.clock.now()));
    return this.presenter.record(state);
  }
}
