import type { Address, Profile, ProfileChanges, Role } from '@roster/domain';
import type { Page } from '@roster/read-model';
import type { FieldChange, HistoryField, UserHistoryEntry } from '@roster/user-service-contract';
import type { AddressDto } from './dto/address.dto';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { UserHistoryEntryResponse, UserHistoryResponse } from './dto/user-history.dto';
import { addressResponseOf } from './dto/user.response';

export function profileFromCreate(dto: CreateUserDto): Profile {
  return { ...profileChangesFrom(dto), firstName: dto.first_name, lastName: dto.last_name };
}

/** Only the fields the client sent; `null` stays `null` (clear), absent stays absent (keep). */
export function profileChangesFrom(dto: UpdateUserDto | CreateUserDto): ProfileChanges {
  const changes: ProfileChanges = {
    firstName: dto.first_name,
    lastName: dto.last_name,
    middleName: dto.middle_name,
    dateOfBirth: dto.date_of_birth,
    email: dto.email,
    mobile: dto.mobile,
    gender: dto.gender,
    nationality: dto.nationality,
    address: dto.address === undefined || dto.address === null ? dto.address : addressFrom(dto.address),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as ProfileChanges;
}

function addressFrom(dto: AddressDto): Address {
  return {
    line1: dto.line1 ?? null,
    line2: dto.line2 ?? null,
    city: dto.city ?? null,
    state: dto.state ?? null,
    postalCode: dto.postal_code ?? null,
    country: dto.country ?? null,
  };
}

/**
 * Every field a history may name, as this face spells it: the names GET /users/{id} uses where it shows the
 * field, and the same snake_case for the fields only the egov face shows (a history keeps every change).
 */
const HISTORY_FIELD_NAMES: Record<HistoryField, string> = {
  userType: 'user_type',
  userName: 'user_name',
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  mobile: 'mobile',
  gender: 'gender',
  nationality: 'nationality',
  address: 'address',
  salutation: 'salutation',
  altContactNumber: 'alt_contact_number',
  alternateMobileNumber: 'alternate_mobile_number',
  fatherOrHusbandName: 'father_or_husband_name',
  relationship: 'relationship',
  bloodGroup: 'blood_group',
  pan: 'pan',
  aadhaarNumber: 'aadhaar_number',
  permanentAddress: 'permanent_address',
  permanentCity: 'permanent_city',
  permanentPinCode: 'permanent_pin_code',
  correspondenceAddress: 'correspondence_address',
  correspondenceCity: 'correspondence_city',
  correspondencePinCode: 'correspondence_pin_code',
  locale: 'locale',
  signature: 'signature',
  photo: 'photo',
  identificationMark: 'identification_mark',
  parentId: 'parent_user_id',
  roles: 'roles',
  active: 'active',
  lockedUntil: 'locked_until',
  otpVerified: 'otp_verified',
  failedLogins: 'failed_logins',
};

/** A field's value as this face spells it (an address's and a role's parts in snake_case). */
function historyValueOf(field: HistoryField, value: unknown): unknown {
  if (value === null) return null;
  if (field === 'address') return addressResponseOf(value as Address);
  if (field === 'roles') return (value as Role[]).map(({ code, tenantId }) => ({ code, tenant_id: tenantId }));
  return value;
}

export function historyEntryResponseOf(entry: UserHistoryEntry): UserHistoryEntryResponse {
  const changes: UserHistoryEntryResponse['changes'] = {};
  for (const [field, change] of Object.entries(entry.changes)) {
    if (field === 'password') changes.password = 'changed';
    else {
      const name = field as HistoryField;
      const { from, to } = change as FieldChange;
      changes[HISTORY_FIELD_NAMES[name]] = { from: historyValueOf(name, from), to: historyValueOf(name, to) };
    }
  }
  return { revision: entry.revision, type: entry.type, at: entry.at, actor: entry.actor, changes };
}

export function toUserHistoryResponse(page: Page<UserHistoryEntry>): UserHistoryResponse {
  return { data: page.items.map(historyEntryResponseOf), paging: { after: page.after, has_more: page.after !== null } };
}
