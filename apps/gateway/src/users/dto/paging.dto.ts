import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_LIMIT = 20;

/** A query parameter of digits only as a number; anything else (`1e2`, `0x10`, ` 5`) stays text, which IsInt refuses. */
export const digitsAsNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
export const MAX_LIMIT = 100;

export class PagingQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Transform(digitsAsNumber)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  after?: string;
}

export class ListUsersQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'List the children of this user' })
  @IsOptional()
  @IsUUID()
  parent_user_id?: string;
}
