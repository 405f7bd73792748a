import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PagingQueryDto } from './paging.dto';
import { PagingResponse } from './user.response';
import { IsRfc3339DateTime } from './rfc3339';

/** A revision, as an ETag carries it (If-Match takes up to 9 digits). */
export const REVISION_PATTERN = /^[0-9]{1,9}$/;

export class UserHistoryQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({
    enum: ['security'],
    description: 'also login bookkeeping: OtpVerified, LoginFailed, LoginFailuresCleared, PasswordRehashed',
  })
  @IsOptional()
  @Equals('security', { message: 'include must be security' })
  include?: 'security';
}

/** `GET /users/{id}`: the present (read model), or with one of these the past (the user's stream). */
export class UserAsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    maxLength: 64,
    description: 'the user as it was at this instant (RFC 3339 with an offset); not with as_of_revision',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsRfc3339DateTime()
  as_of?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 999_999_999,
    description: 'the user right after this revision of its stream (an ETag of it); not with as_of',
  })
  @IsOptional()
  @IsString()
  @Matches(REVISION_PATTERN, { message: 'as_of_revision must be a revision: 0 to 999999999, digits only' })
  as_of_revision?: string;
}

export class HistoryActorResponse {
  @ApiProperty({ enum: ['user', 'api_key'] }) type: 'user' | 'api_key';
  @ApiProperty({ description: "a user's id, or an API key's id (the first 16 hex digits of its SHA-256)" })
  id: string;
}

/** Any JSON value, null included: the value a field had or got. */
const ANY_VALUE = { description: 'the value as GET /users/{id} spells it; null when there was none' };

export class UserHistoryEntryResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: "the event's revision: the user's ETag right after it" })
  revision: number;
  @ApiProperty({ description: 'the event type, as on the events topic (UserCreated, ProfileUpdated, …)' })
  type: string;
  @ApiProperty({ format: 'date-time', description: 'when the log recorded the change (what as_of compares with)' })
  at: string;
  @ApiProperty({ type: HistoryActorResponse, nullable: true, description: 'null where the log does not know it' })
  actor: HistoryActorResponse | null;
  @ApiProperty({
    type: 'object',
    description:
      'each changed field, named as the face names it, with its value before and after; a new password is `"password": "changed"`, never a value',
    additionalProperties: {
      oneOf: [
        { type: 'object', properties: { from: ANY_VALUE, to: ANY_VALUE }, required: ['from', 'to'] },
        { type: 'string', enum: ['changed'] },
      ],
    },
  })
  changes: Record<string, { from: unknown; to: unknown } | 'changed'>;
}

export class UserHistoryResponse {
  @ApiProperty({ type: [UserHistoryEntryResponse] }) data: UserHistoryEntryResponse[];
  @ApiProperty() paging: PagingResponse;
}
