import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from './paging.dto';
import { Trim } from './field-rules';
import { onlyKeys, trimmedText } from '../../problems/quick-accept';

/** The fields `quickAccept` judges itself; a cursor (`after`) takes the full validation. */
const QUICK_FIELDS: ReadonlySet<string> = new Set(['name', 'email', 'mobile', 'limit']);
const MAX_LENGTHS = { name: 100, email: 128, mobile: 16 } as const;

/** Case-insensitive prefix match on each given field; fields are ANDed. A null field is an absent one. */
export class SearchUsersDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Prefix of "first last" or of the last name',
    example: 'john',
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'johndoe@', minLength: 1, maxLength: 128 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 128)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+9198', minLength: 1, maxLength: 16 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 16)
  mobile?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Opaque cursor from the previous page',
    maxLength: 2048,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  after?: string | null;

  /** A first-page search, judged without class-validator (see QuickAccept); null when unsure. */
  static quickAccept(value: object): SearchUsersDto | null {
    if (!onlyKeys(value, QUICK_FIELDS)) return null;
    const input = value as Record<string, unknown>;
    const dto = new SearchUsersDto();
    for (const field of ['name', 'email', 'mobile'] as const) {
      if (!(field in input)) continue;
      const text = input[field] === null ? null : trimmedText(input[field], 1, MAX_LENGTHS[field]);
      if (text === undefined) return null;
      dto[field] = text;
    }
    if ('limit' in input) {
      const { limit } = input;
      if (limit !== null && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_LIMIT))
        return null;
      dto.limit = limit as number | null;
    }
    return dto;
  }
}
