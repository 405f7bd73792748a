import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Page } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { Address, USER_TYPES } from '@roster/domain';
import { GENDERS } from './field-rules';

export class AddressResponse {
  @ApiPropertyOptional({ type: String, nullable: true }) line1: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) line2: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) city: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) state: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) postal_code: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) country: string | null;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() tenant_id: string;
  @ApiProperty({ enum: USER_TYPES }) user_type: string;
  @ApiProperty({ type: String, nullable: true }) user_name: string | null;
  @ApiProperty() first_name: string;
  @ApiProperty({ type: String, nullable: true }) middle_name: string | null;
  @ApiProperty() last_name: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) date_of_birth: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) mobile: string | null;
  @ApiProperty({ type: String, nullable: true, enum: GENDERS }) gender: string | null;
  @ApiProperty({ type: String, nullable: true }) nationality: string | null;
  @ApiProperty({ nullable: true, type: AddressResponse }) address: AddressResponse | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parent_user_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class PagingResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page' }) after: string | null;
  @ApiProperty() has_more: boolean;
}

export class UserListResponse {
  @ApiProperty({ type: [UserResponse] }) data: UserResponse[];
  @ApiProperty() paging: PagingResponse;
}

/** An address as the face spells it: every part present, null where there is none. */
export function addressResponseOf(address: Address | null | undefined): AddressResponse | null {
  return address
    ? {
        line1: address.line1 ?? null,
        line2: address.line2 ?? null,
        city: address.city ?? null,
        state: address.state ?? null,
        postal_code: address.postalCode ?? null,
        country: address.country ?? null,
      }
    : null;
}

export function toUserResponse(user: UserRecord): UserResponse {
  return {
    id: user.id,
    tenant_id: user.tenantId,
    user_type: user.userType,
    user_name: user.userName,
    first_name: user.firstName,
    middle_name: user.middleName,
    last_name: user.lastName,
    date_of_birth: user.dateOfBirth,
    email: user.email,
    mobile: user.mobile,
    gender: user.gender,
    nationality: user.nationality,
    address: addressResponseOf(user.address),
    parent_user_id: user.parentId,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function toUserListResponse(page: Page<UserRecord>): UserListResponse {
  return { data: page.items.map(toUserResponse), paging: { after: page.after, has_more: page.after !== null } };
}
