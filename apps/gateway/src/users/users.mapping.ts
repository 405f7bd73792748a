import type { Address, Profile, ProfileChanges } from '@roster/domain';
import type { AddressDto } from './dto/address.dto';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';

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
