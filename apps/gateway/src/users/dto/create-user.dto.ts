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
import { isPlainEmail, onlyKeys, trimmedText } from '../../problems/quick-accept';
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

/** The fields of the common create that `quickAccept` judges itself; any other field takes the full validation. */
const QUICK_FIELDS: ReadonlySet<string> = new Set([
  'first_name',
  'last_name',
  'middle_name',
  'email',
  'mobile',
  'user_type',
]);

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

  /** A create of names, e-mail, mobile and type, judged without class-validator (see QuickAccept); null when unsure. */
  static quickAccept(value: object): CreateUserDto | null {
    if (!onlyKeys(value, QUICK_FIELDS)) return null;
    const input = value as Record<string, unknown>;
    const dto = new CreateUserDto();
    const firstName = trimmedText(input.first_name, 1, NAME_MAX);
    const lastName = trimmedText(input.last_name, 1, NAME_MAX);
    if (firstName === undefined || lastName === undefined) return null;
    dto.first_name = firstName;
    dto.last_name = lastName;
    if ('middle_name' in input) {
      const middleName = input.middle_name === null ? null : trimmedText(input.middle_name, 0, NAME_MAX);
      if (middleName === undefined) return null;
      dto.middle_name = middleName;
    }
    if ('email' in input) {
      const email = input.email === null ? null : trimmedText(input.email, 1, EMAIL_MAX);
      if (email === undefined || (email !== null && !isPlainEmail(email))) return null;
      dto.email = email;
    }
    if ('mobile' in input) {
      const mobile = input.mobile === null ? null : trimmedText(input.mobile, 1, 16);
      if (mobile === undefined || (mobile !== null && !MOBILE_PATTERN.test(mobile))) return null;
      dto.mobile = mobile;
    }
    if ('user_type' in input) {
      const userType = input.user_type === null ? null : trimmedText(input.user_type, 1, 16)?.toUpperCase();
      if (userType === undefined || (userType !== null && !(USER_TYPES as readonly string[]).includes(userType)))
        return null;
      dto.user_type = userType as UserType;
    }
    return dto;
  }
}
