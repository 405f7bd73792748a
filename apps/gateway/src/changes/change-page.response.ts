import { ApiProperty } from '@nestjs/swagger';
import type { ChangePage } from '@roster/user-service-contract';

/** One user event as the events topic publishes it (docs/asyncapi.yaml, `UserEventValueV1`): camelCase, like Kafka. */
export class ChangeEventResponse {
  @ApiProperty({ description: 'The event id (CloudEvents `ce_id` on Kafka)' }) id: string;
  @ApiProperty({ description: 'Event type, e.g. UserCreated; UserErased: the user was erased, delete your copy of it' })
  type: string;
  @ApiProperty({ type: String, nullable: true }) tenantId: string | null;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    type: 'integer',
    description:
      "0-based index in the user's stream, gapless per user — except before an erased user's UserErased: its earlier " +
      'events, unreadable once it was erased, are left out',
  })
  streamRevision: number;
  @ApiProperty({ description: 'Position in the whole log, a decimal string', pattern: '^[0-9]+$' }) position: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: 'integer' }) schemaVersion: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's public data, as on the events topic; never a hash, code or token",
  })
  data: Record<string, unknown>;
}

export class ChangePagingResponse {
  @ApiProperty({ description: 'Pass as `after` for the next page; always set, also on an empty page' }) after: string;
  @ApiProperty({ description: 'true: ask again at once; false: the end of the log was reached (wait for more)' })
  has_more: boolean;
}

export class ChangePageResponse {
  @ApiProperty({ type: [ChangeEventResponse] }) data: ChangeEventResponse[];
  @ApiProperty() paging: ChangePagingResponse;
}

export function toChangePageResponse(page: ChangePage): ChangePageResponse {
  return {
    data: page.data as unknown as ChangeEventResponse[],
    paging: { after: page.after, has_more: page.hasMore },
  };
}
