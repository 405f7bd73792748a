import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { COUNTRY_PATTERN, Trim, UpperCase } from './field-rules';

export class AddressDto {
  @ApiPropertyOptional({ maxLength: 200, nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) line1?:
    string | null;
  @ApiPropertyOptional({ maxLength: 200, nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) line2?:
    string | null;
  @ApiPropertyOptional({ maxLength: 100, nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(100) city?:
    string | null;
  @ApiPropertyOptional({ maxLength: 100, nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(100) state?:
    string | null;
  @ApiPropertyOptional({ maxLength: 16, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,16}$/, { message: 'postal_code must be 2 to 16 letters, digits, spaces or dashes' })
  postal_code?: string | null;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2', example: 'IN', nullable: true })
  @IsOptional()
  @UpperCase()
  @Matches(COUNTRY_PATTERN, { message: 'country must be an ISO 3166-1 alpha-2 code such as IN' })
  country?: string | null;
}
