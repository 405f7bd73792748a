import type { PointInTime } from '@roster/user-service-contract';

export class GetUserAsOfQuery {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly at: PointInTime,
  ) {}
}
