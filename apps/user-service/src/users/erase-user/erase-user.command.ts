export class EraseUserCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    /** The acting API key's public id, for the UserErased event's metadata (the history's actor). */
    readonly apiKeyId?: string,
  ) {}
}
