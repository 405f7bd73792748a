import type { IdempotencyKey } from '@roster/user-service-contract';
import type { ProfileChanges } from '@roster/domain';

export class UpdateUserCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly changes: ProfileChanges,
    /** undefined: keep the parent; null: make the user a root; an id: link to that parent. */
    readonly parentId: string | null | undefined,
    /** The revision the caller last saw (If-Match); a mismatch fails instead of retrying. */
    readonly expectedRevision?: number,
    /** The acting API key's public id, for the events' metadata. */
    readonly apiKeyId?: string,
    readonly idempotencyKey?: IdempotencyKey,
  ) {}
}
