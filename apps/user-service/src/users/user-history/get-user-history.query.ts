import type { HistoryRequest } from '@roster/user-service-contract';

export class GetUserHistoryQuery {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly request: HistoryRequest,
  ) {}
}
