export class GetUserQuery {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    /** Consistency token from an earlier command answer: wait until the read model has passed it. */
    readonly minPosition?: bigint,
  ) {}
}
