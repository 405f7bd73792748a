import type { PageRequest } from '@roster/read-model';

export class ListUsersQuery {
  constructor(
    readonly tenantId: string,
    readonly page: PageRequest,
    readonly minPosition?: bigint,
  ) {}
}
