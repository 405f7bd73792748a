import type { ChangesRequest } from '@roster/user-service-contract';

export class ReadChangesQuery {
  constructor(
    readonly tenantId: string,
    readonly request: ChangesRequest,
  ) {}
}
