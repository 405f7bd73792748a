import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { CreateUserDto } from './create-user.dto';
import { NAME_MAX, Trim } from './field-rules';

/**
 * Only the fields sent change; `null` clears an optional field and `parent_user_id: null` makes the user
 * a root. Names cannot be cleared, and user name and type are fixed at creation.
 */
export class UpdateUserDto extends PartialType(
  OmitType(CreateUserDto, ['first_name', 'last_name', 'user_name', 'user_type', 'parent_user_id'] as const),
) {
  @ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX })
  @ValidateIf((_dto, value) => value !== undefined)
  @Trim()
  @IsString()
  @Length(1, NAME_MAX)
  first_name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX })
  @ValidateIf((_dto, value) => value !== undefined)
  @Trim()
  @IsString()
  @Length(1, NAME_MAX)
  last_name?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null makes the user a root' })
  @IsOptional()
  @IsUUID()
  parent_user_id?: string | null;
}
