import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { COUNTRY_CODE_PROPERTY, COUNTRY_PATTERN, Trim, UpperCase } from './field-rules';

const POSTAL_CODE_PATTERN = /^[A-Za-z0-9 -]{2,16}$/;

export class AddressDto {
  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  line1?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  line2?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  city?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  state?: string | null;
  @ApiPropertyOptional({ type: String, pattern: POSTAL_CODE_PATTERN.source, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(POSTAL_CODE_PATTERN, { message: 'postal_code must be 2 to 16 letters, digits, spaces or dashes' })
  postal_code?: string | null;
  @ApiPropertyOptional(COUNTRY_CODE_PROPERTY)
  @IsOptional()
  @UpperCase()
  @Matches(COUNTRY_PATTERN, { message: 'country must be an ISO 3166-1 alpha-2 code such as IN' })
  country?: string | null;
}
