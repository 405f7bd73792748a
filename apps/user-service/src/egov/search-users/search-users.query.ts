import type { EgovCaller, EgovSearchCriteria } from '@roster/user-service-contract';

export class EgovSearchUsersQuery {
  constructor(
    readonly caller: EgovCaller,
    readonly criteria: EgovSearchCriteria,
  ) {}
}
