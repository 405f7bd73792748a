import { PageRequest } from '@roster/read-model';

export type Relation = 'children' | 'descendants' | 'ancestors';

export class ListRelativesQuery {
  constructor(
    readonly tenantId: string,
    readonly relation: Relation,
    readonly userId: string,
    readonly page: PageRequest,
    readonly minPosition?: bigint,
  ) {}
}
