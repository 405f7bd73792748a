import { EgovCaller, EgovSearchCriteria } from '../egov-user-api';

export class EgovSearchUsersQuery {
  constructor(
    readonly caller: EgovCaller,
    readonly criteria: EgovSearchCriteria,
  ) {}
}
