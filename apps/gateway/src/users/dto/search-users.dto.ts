import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from './paging.dto';
import { Trim } from './field-rules';

/** Case-insensitive prefix match on each given field; fields are ANDed. */
export class SearchUsersDto {
  @ApiPropertyOptional({ description: 'Prefix of "first last" or of the last name', example: 'john' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: 'johndoe@' }) @IsOptional() @Trim() @IsString() @Length(1, 128) email?: string;

  @ApiPropertyOptional({ example: '+9198' }) @IsOptional() @Trim() @IsString() @Length(1, 16) mobile?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  after?: string;
}
