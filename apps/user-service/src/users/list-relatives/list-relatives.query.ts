import type { PageRequest } from '@roster/read-model';
import type { Relation } from '@roster/user-service-contract';

export class ListRelativesQuery {
  constructor(
    readonly tenantId: string,
    readonly relation: Relation,
    readonly userId: string,
    readonly page: PageRequest,
    readonly minPosition?: bigint,
  ) {}
}
