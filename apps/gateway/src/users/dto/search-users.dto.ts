import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from './paging.dto';
import { Trim } from './field-rules';

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
}
