import type { RosterConfig } from '@roster/config';
import type { UserType } from '@roster/domain';
import { formatEgovDate } from '@roster/domain';
import type { EgovUserRecord } from '@roster/user-service-contract';
import { egovDateTime } from './egov-dates';

/**
 * Users as egov-user answers them, in the shapes DIGIT's clients read into their own Java classes: `id`,
 * `createdBy` and `lastModifiedBy` are numbers (the API gateway reads `id` as a 32-bit Integer), times are
 * `dd-MM-yyyy HH:mm:ss` strings in the configured zone, `accountLockedDate` is epoch ms, and `dob` is
 * `dd/MM/yyyy` in create answers (egov-user's UserRequest) but `yyyy-MM-dd` in search and update answers
 * (UserSearchResponseContent, UpdateRequest). Never a password, hash, OTP or token.
 */

/** How the date of birth is written: egov-user's contract class of each answer has its own pattern. */
export type EgovDobFormat = 'dd/MM/yyyy' | 'yyyy-MM-dd';

export interface EgovAnswerOptions {
  /** How long a lockout lasts: egov's `accountLockedDate` is when the lock began; Roster keeps when it ends. */
  lockMs: number;
  /** IANA zone of the `dd-MM-yyyy HH:mm:ss` times. */
  timeZone: string;
  dob: EgovDobFormat;
}

export function egovAnswerOptions(config: RosterConfig, dob: EgovDobFormat): EgovAnswerOptions {
  return { lockMs: config.egov.lockout.lockMs, timeZone: config.egov.timeZone, dob };
}

export interface EgovRoleJson {
  code: string;
  name: string;
  tenantId: string;
}

/** UserSearchResponseContent's fields in its order (UserRequest and UpdateRequest carry the same ones). */
export interface EgovUserJson {
  id: number | null;
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
  /** egov-user's all-lower-case key. */
  alternatemobilenumber: string | null;
  active: boolean;
  locale: string | null;
  type: UserType;
  accountLocked: boolean;
  accountLockedDate: number | null;
  fatherOrHusbandName: string | null;
  relationship: string | null;
  signature: string | null;
  bloodGroup: string | null;
  photo: string | null;
  identificationMark: string | null;
  createdBy: number | null;
  lastModifiedBy: number | null;
  tenantId: string;
  roles: EgovRoleJson[];
  uuid: string;
  createdDate: string;
  lastModifiedDate: string;
  dob: string | null;
  pwdExpiryDate: string | null;
}

/** The `UserRequest` of the token answer (egov-user's `web/contract/auth/User`): what the DIGIT UI keeps as the logged-in user. */
export interface EgovTokenUserJson {
  id: number | null;
  uuid: string;
  userName: string | null;
  name: string;
  mobileNumber: string | null;
  emailId: string | null;
  locale: string | null;
  type: UserType;
  roles: EgovRoleJson[];
  active: boolean;
  tenantId: string;
  permanentCity: string | null;
}

/** `/user/_details` (egov-user's CustomUserDetails): what DIGIT's API gateway puts into `RequestInfo.userInfo`. */
export type EgovUserDetailsJson = Omit<EgovTokenUserJson, 'permanentCity'> & { actions: null };

export function egovUserOf(user: EgovUserRecord, options: EgovAnswerOptions): EgovUserJson {
  const { profile } = user;
  return {
    id: user.numericId,
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
    alternatemobilenumber: profile.alternateMobileNumber ?? null,
    active: user.active,
    locale: profile.locale ?? null,
    type: user.type,
    accountLocked: user.accountLocked,
    accountLockedDate: user.accountLockedUntil ? Date.parse(user.accountLockedUntil) - options.lockMs : null,
    fatherOrHusbandName: profile.fatherOrHusbandName ?? null,
    relationship: profile.relationship ?? null,
    signature: profile.signature ?? null,
    bloodGroup: profile.bloodGroup ?? null,
    photo: profile.photo ?? null,
    identificationMark: profile.identificationMark ?? null,
    createdBy: user.createdByNumericId,
    lastModifiedBy: user.lastModifiedByNumericId,
    tenantId: user.tenantId,
    roles: rolesOf(user),
    uuid: user.uuid,
    createdDate: egovDateTime(user.createdAt, options.timeZone) as string,
    lastModifiedDate: egovDateTime(user.updatedAt, options.timeZone) as string,
    dob: profile.dateOfBirth ? dobOf(profile.dateOfBirth, options.dob) : null,
    pwdExpiryDate: egovDateTime(user.passwordExpiresAt, options.timeZone),
  };
}

export function egovTokenUserOf(user: EgovUserRecord): EgovTokenUserJson {
  return {
    id: user.numericId,
    uuid: user.uuid,
    userName: user.userName,
    name: user.name,
    mobileNumber: user.profile.mobile ?? null,
    emailId: user.profile.email ?? null,
    locale: user.profile.locale ?? null,
    type: user.type,
    roles: rolesOf(user),
    active: user.active,
    tenantId: user.tenantId,
    permanentCity: user.profile.permanentCity ?? null,
  };
}

export function egovUserDetailsOf(user: EgovUserRecord): EgovUserDetailsJson {
  const { id, userName, name, mobileNumber, emailId, locale, type, roles, active, tenantId, uuid } =
    egovTokenUserOf(user);
  return { id, userName, name, mobileNumber, emailId, locale, type, roles, active, actions: null, tenantId, uuid };
}

/** egov-user's role entries read `name, code, tenantId`; the DIGIT UI filters an employee's roles by `tenantId`. */
function rolesOf(user: EgovUserRecord): EgovRoleJson[] {
  return user.roles.map(({ code, name, tenantId }) => ({ code, name, tenantId }));
}

/** The domain's `YYYY-MM-DD` in the answer's pattern. */
function dobOf(isoDate: string, format: EgovDobFormat): string {
  return format === 'yyyy-MM-dd' ? isoDate : formatEgovDate(isoDate);
}
