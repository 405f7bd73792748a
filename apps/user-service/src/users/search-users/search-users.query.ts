import type { PageRequest, UserSearchCriteria } from '@roster/read-model';

export class SearchUsersQuery {
  constructor(
    readonly tenantId: string,
    readonly criteria: UserSearchCriteria,
    readonly page: PageRequest,
    readonly minPosition?: bigint,
  ) {}
}
