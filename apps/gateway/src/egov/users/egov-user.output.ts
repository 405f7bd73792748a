import { formatEgovDate, UserType } from '@roster/domain';
import { EgovUserRecord } from '@roster/user-service';

/**
 * A user as egov-user answers it. Deviations, documented: `id` carries the uuid (Roster has no numeric
 * ids); `dob` is `dd/MM/yyyy` in every answer (egov-user's searches answered `yyyy-MM-dd`); times are
 * epoch milliseconds. Never a password, hash, OTP or token.
 */
export interface EgovUserJson {
  id: string;
  uuid: string;
  userName: string | null;
  salutation: string | null;
  name: string;
  gender: string | null;
  mobileNumber: string | null;
  emailId: string | null;
  altContactNumber: string | null;
  pan: string | null;
  aadhaarNumber: string | null;
  permanentAddress: string | null;
  permanentCity: string | null;
  permanentPinCode: string | null;
  correspondenceAddress: string | null;
  correspondenceCity: string | null;
  correspondencePinCode: string | null;
  locale: string | null;
  type: UserType;
  roles: Array<{ code: string; name: string; tenantId: string }>;
  active: boolean;
  accountLocked: boolean;
  accountLockedDate: number | null;
  pwdExpiryDate: number | null;
  fatherOrHusbandName: string | null;
  relationship: string | null;
  bloodGroup: string | null;
  identificationMark: string | null;
  photo: string | null;
  signature: string | null;
  dob: string | null;
  tenantId: string;
  createdBy: string | null;
  createdDate: number;
  lastModifiedBy: string | null;
  lastModifiedDate: number;
}

/**
 * `lockMs`: how long a lockout lasts. egov's `accountLockedDate` is when the account was locked; Roster
 * keeps when the lock ends, so the answer derives one from the other.
 */
export function egovUserOf(user: EgovUserRecord, lockMs: number): EgovUserJson {
  const profile = user.profile;
  return {
    id: user.uuid,
    uuid: user.uuid,
    userName: user.userName,
    salutation: profile.salutation ?? null,
    name: user.name,
    gender: profile.gender ?? null,
    mobileNumber: profile.mobile ?? null,
    emailId: profile.email ?? null,
    altContactNumber: profile.altContactNumber ?? null,
    pan: profile.pan ?? null,
    aadhaarNumber: profile.aadhaarNumber ?? null,
    permanentAddress: profile.permanentAddress ?? null,
    permanentCity: profile.permanentCity ?? null,
    permanentPinCode: profile.permanentPinCode ?? null,
    correspondenceAddress: profile.correspondenceAddress ?? null,
    correspondenceCity: profile.correspondenceCity ?? null,
    correspondencePinCode: profile.correspondencePinCode ?? null,
    locale: profile.locale ?? null,
    type: user.type,
    roles: user.roles.map(({ code, name, tenantId }) => ({ code, name, tenantId })),
    active: user.active,
    accountLocked: user.accountLocked,
    accountLockedDate: user.accountLockedUntil ? Date.parse(user.accountLockedUntil) - lockMs : null,
    pwdExpiryDate: epochOf(user.passwordExpiresAt),
    fatherOrHusbandName: profile.fatherOrHusbandName ?? null,
    relationship: profile.relationship ?? null,
    bloodGroup: profile.bloodGroup ?? null,
    identificationMark: profile.identificationMark ?? null,
    photo: profile.photo ?? null,
    signature: profile.signature ?? null,
    dob: profile.dateOfBirth ? formatEgovDate(profile.dateOfBirth) : null,
    tenantId: user.tenantId,
    createdBy: user.createdBy,
    createdDate: Date.parse(user.createdAt),
    lastModifiedBy: user.lastModifiedBy,
    lastModifiedDate: Date.parse(user.updatedAt),
  };
}

function epochOf(isoTime: string | null): number | null {
  return isoTime ? Date.parse(isoTime) : null;
}
