import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { USER_TYPES, UserType } from '@roster/domain';
import { AddressDto } from './address.dto';
import {
  COUNTRY_CODE_PROPERTY,
  COUNTRY_PATTERN,
  EMAIL_MAX,
  GENDERS,
  IsPastCalendarDate,
  MOBILE_PATTERN,
  NAME_MAX,
  Trim,
  UpperCase,
  USER_NAME_PATTERN,
} from './field-rules';

export class CreateUserDto {
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX, example: 'John' })
  @Trim()
  @IsString()
  @Length(1, NAME_MAX)
  first_name: string;
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX, example: 'Doe' })
  @Trim()
  @IsString()
  @Length(1, NAME_MAX)
  last_name: string;
  @ApiPropertyOptional({ type: String, maxLength: NAME_MAX, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  middle_name?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '1990-04-21',
    nullable: true,
    description: 'not in the future',
  })
  @IsOptional()
  @IsPastCalendarDate()
  date_of_birth?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'email',
    maxLength: EMAIL_MAX,
    example: 'johndoe@example.com',
    nullable: true,
  })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(EMAIL_MAX)
  email?: string | null;
  @ApiPropertyOptional({ type: String, pattern: MOBILE_PATTERN.source, example: '+919876543210', nullable: true })
  @IsOptional()
  @Trim()
  @Matches(MOBILE_PATTERN, { message: 'mobile must be 6 to 15 digits, optionally after a +' })
  mobile?: string | null;
  @ApiPropertyOptional({ type: String, enum: GENDERS, nullable: true })
  @IsOptional()
  @UpperCase()
  @IsIn(GENDERS)
  gender?: string | null;
  @ApiPropertyOptional(COUNTRY_CODE_PROPERTY)
  @IsOptional()
  @UpperCase()
  @Matches(COUNTRY_PATTERN, { message: 'nationality must be an ISO 3166-1 alpha-2 code such as IN' })
  nationality?: string | null;
  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID() parent_user_id?:
    string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'Unique per tenant and user type',
    pattern: USER_NAME_PATTERN.source,
    nullable: true,
  })
  @IsOptional()
  @Trim()
  @Matches(USER_NAME_PATTERN, { message: 'user_name must be 1 to 180 characters without spaces' })
  user_name?: string | null;
  @ApiPropertyOptional({ enum: USER_TYPES, default: 'CITIZEN' })
  @IsOptional()
  @UpperCase()
  @IsIn(USER_TYPES)
  user_type?: UserType;
}
