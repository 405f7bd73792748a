import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_CHANGES_LIMIT, MAX_CHANGES_WAIT_SECONDS } from '@roster/user-service-contract';
import { digitsAsNumber } from '../users/dto/paging.dto';

export const DEFAULT_CHANGES_LIMIT = 100;

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor: `paging.after` of the previous page', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_CHANGES_LIMIT, default: DEFAULT_CHANGES_LIMIT })
  @IsOptional()
  @Transform(digitsAsNumber)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_CHANGES_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_CHANGES_WAIT_SECONDS,
    default: 0,
    description: 'Seconds to hold an empty answer until something new arrives (long poll)',
  })
  @IsOptional()
  @Transform(digitsAsNumber)
  @IsInt({ message: 'wait must be a whole number of seconds' })
  @Min(0)
  @Max(MAX_CHANGES_WAIT_SECONDS)
  wait?: number;
}
