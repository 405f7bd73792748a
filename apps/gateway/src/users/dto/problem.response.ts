import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** The media type of every nCore error answer (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

export class FieldProblemResponse {
  @ApiProperty({ example: 'parent_user_id' }) field: string;
  @ApiProperty({ example: 'parent user … does not exist' }) message: string;
}

/** An RFC 9457 problem document with Roster's stable `code` and the fields at fault. */
export class ProblemResponse {
  @ApiProperty({ example: 'urn:roster:problem:parent_not_found' }) type: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title: string;
  @ApiProperty({ type: 'integer', example: 422 }) status: number;
  @ApiProperty({ example: 'parent_not_found' }) code: string;
  @ApiProperty({ example: 'parent user … does not exist' }) detail: string;
  @ApiPropertyOptional({ type: [FieldProblemResponse], description: 'the fields at fault, when there are any' })
  errors?: FieldProblemResponse[];
}

const MEANING: Record<number, string> = {
  400: 'invalid input, each bad field named (malformed JSON, wrong types, unknown fields, bad paging or headers)',
  401: 'missing or unknown API key',
  403: 'the API key lacks the permission',
  404: 'no such user (also a user of another tenant)',
  409: 'user_name or mobile number taken, a cycle in the hierarchy, concurrent changes that kept colliding; an erasure of a user that still has children (the count named)',
  410: 'the user (or the parent named, or the user a repeated Idempotency-Key answered) was erased: it is gone for good (user_erased)',
  412: 'the If-Match revision is no longer current',
  413: 'the body exceeds ROSTER_BODY_LIMIT_BYTES',
  415: 'the body is not application/json',
  422: 'unknown parent, or a user as its own parent',
  431: 'the request line and headers exceed the size limit',
  503: 'the read model did not reach the consistency token in time, or a store is unavailable; retry',
};

const HEADERS: Record<number, Record<string, { description: string; schema: { type: 'string' } }>> = {
  401: { 'WWW-Authenticate': { description: 'ApiKey', schema: { type: 'string' } } },
};

/**
 * The problem document (application/problem+json) for each given status, with what it means on the nCore face;
 * also 431, which any request can meet.
 */
export function ProblemResponses(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...[...statuses, 431].map((status) =>
      ApiResponse({
        status,
        description: MEANING[status],
        headers: HEADERS[status],
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
}
