import type { Profile } from '@roster/domain';
import { egovUserViolations, passwordPolicyViolations, parseEgovDate, USER_TYPES } from '@roster/domain';
import type { EgovUserInput } from '@roster/user-service-contract';
import type { Violations } from '../egov-errors';
import { egovFieldName } from '../egov-errors';
import { FieldReader, isJsonObject, withoutAbsent } from '../envelope/egov-fields';
import { egovDay } from './egov-dates';

/** What the rules need beside the user: the configured mobile pattern, today (for the date of birth), the egov zone. */
export interface EgovUserRules {
  mobilePattern: RegExp;
  now: Date;
  /** Where an epoch-ms `dob` (HRMS sends a Java Long) falls on a calendar day, as egov-user's Jackson reads it. */
  timeZone: string;
}

/** Which endpoint a user object came to; each has its own required fields. */
export type EgovUserPurpose =
  'registerCitizen' | 'createNoValidate' | 'updateCitizen' | 'updateNoValidate' | 'updateProfile';

/** egov names of the profile fields and the domain's name for each. */
const PROFILE_FIELD_OF = {
  salutation: 'salutation',
  gender: 'gender',
  mobileNumber: 'mobile',
  emailId: 'email',
  altContactNumber: 'altContactNumber',
  alternatemobilenumber: 'alternateMobileNumber',
  pan: 'pan',
  aadhaarNumber: 'aadhaarNumber',
  permanentAddress: 'permanentAddress',
  permanentCity: 'permanentCity',
  permanentPinCode: 'permanentPinCode',
  correspondenceAddress: 'correspondenceAddress',
  correspondenceCity: 'correspondenceCity',
  correspondencePinCode: 'correspondencePinCode',
  locale: 'locale',
  fatherOrHusbandName: 'fatherOrHusbandName',
  relationship: 'relationship',
  bloodGroup: 'bloodGroup',
  photo: 'photo',
  signature: 'signature',
  identificationMark: 'identificationMark',
} as const satisfies Record<string, keyof Profile>;

type EgovProfileField = keyof typeof PROFILE_FIELD_OF;
const PROFILE_EGOV_FIELDS = Object.keys(PROFILE_FIELD_OF) as EgovProfileField[];

/** egov enums that egov-user reads whatever their case. */
const UPPER_CASE_FIELDS: ReadonlySet<EgovProfileField> = new Set(['gender', 'relationship', 'bloodGroup']);

/**
 * Fields egov-user's update keeps when they arrive null (its SQL takes the stored value then), as `dob` does:
 * property-services' alternate-number update sends every other field null and must not wipe them.
 */
const KEPT_WHEN_NULL: ReadonlySet<EgovProfileField> = new Set(['bloodGroup']);

const USER_FIELDS = [
  'uuid',
  'tenantId',
  'type',
  'userName',
  'name',
  'dob',
  'active',
  'accountLocked',
  'roles',
  'password',
  'otpReference',
  ...PROFILE_EGOV_FIELDS,
] as const;
type UserField = (typeof USER_FIELDS)[number];

const ROLE_FIELDS = ['code', 'name', 'tenantId'] as const;
/** ±100,000,000 days, the range of a JavaScript Date. */
const MAX_EPOCH_MS = 8.64e15;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One egov user object as the port's input: names matched case-insensitively, unknown fields ignored,
 * egov names mapped to the domain's, every egov-user field rule (`egovUserViolations`) and the password policy checked.
 * Violations go to `violations` under `path` (`user`, `users[3]`); the result is null when `value` is no object.
 */
export function egovUserInputOf(
  value: unknown,
  path: string,
  purpose: EgovUserPurpose,
  rules: EgovUserRules,
  violations: Violations,
): EgovUserInput | null {
  if (!isJsonObject(value)) {
    if (value === undefined || value === null) violations.missing(path);
    else violations.add(path, 'must be an object');
    return null;
  }
  const reader = new FieldReader<UserField>(value, USER_FIELDS, violations, path);
  const input = withoutAbsent<EgovUserInput>({
    uuid: reader.string('uuid'),
    tenantId: reader.string('tenantId'),
    type: reader.choice('type', USER_TYPES),
    userName: reader.string('userName'),
    name: reader.string('name'),
    profile: profileOf(reader, rules),
    active: reader.boolean('active'),
    accountLocked: reader.boolean('accountLocked'),
    roles: rolesOf(reader),
    password: reader.string('password'),
    otpReference: reader.string('otpReference'),
  });
  if (purpose === 'registerCitizen') takeMobileNumberFromUserName(input);
  checkFieldRules(input, reader, rules);
  checkRequiredFields(input, reader, purpose);
  return input;
}

function profileOf(reader: FieldReader<UserField>, rules: EgovUserRules): Partial<Profile> | undefined {
  const profile: Partial<Record<keyof Profile, string | null>> = {};
  for (const egovName of PROFILE_EGOV_FIELDS) {
    const value = reader.clearableString(egovName);
    if (value === undefined || (value === null && KEPT_WHEN_NULL.has(egovName))) continue;
    profile[PROFILE_FIELD_OF[egovName]] =
      value !== null && UPPER_CASE_FIELDS.has(egovName) ? value.toUpperCase() : value;
  }
  const dateOfBirth = dateOfBirthOf(reader, rules.timeZone);
  if (dateOfBirth !== undefined) profile.dateOfBirth = dateOfBirth;
  return Object.keys(profile).length > 0 ? (profile as Partial<Profile>) : undefined;
}

/**
 * egov's `dd/MM/yyyy`; `yyyy-MM-dd` (what egov-user's search answers) too, so a user read back can be sent
 * back; and epoch milliseconds (HRMS sends a Java Long), the day they fall on in egov's zone.
 */
function dateOfBirthOf(reader: FieldReader<UserField>, timeZone: string): string | undefined {
  const epochMs = reader.fields.dob;
  if (typeof epochMs === 'number') {
    if (Number.isSafeInteger(epochMs) && Math.abs(epochMs) <= MAX_EPOCH_MS) return egovDay(epochMs, timeZone);
    reader.invalid('dob', 'must be dd/MM/yyyy or epoch milliseconds');
    return undefined;
  }
  // A null dob keeps the stored one, as at egov-user (see KEPT_WHEN_NULL).
  const text = reader.clearableString('dob');
  if (text === undefined || text === null) return undefined;
  const trimmed = text.trim();
  const isoDate = ISO_DATE.test(trimmed) ? trimmed : parseEgovDate(trimmed);
  if (isoDate) return isoDate;
  reader.invalid('dob', 'must be a real date as dd/MM/yyyy');
  return undefined;
}

/**
 * egov-user registers a citizen under the number it signs in with: a numeric `username` is the mobile number
 * (the DIGIT UI sends `{name, username, otpReference, tenantId}` and no mobileNumber). A userName that is no
 * number keeps Roster's own rule: it is the citizen's userName, and mobileNumber is sent on its own.
 */
function takeMobileNumberFromUserName(input: EgovUserInput): void {
  const userName = input.userName?.trim();
  if (userName && /^[0-9]+$/.test(userName)) input.profile = { ...input.profile, mobile: userName };
}

function rolesOf(reader: FieldReader<UserField>): EgovUserInput['roles'] {
  const items = reader.objectArray('roles');
  if (items === undefined) return undefined;
  return items.flatMap((item, index) => {
    const path = `${reader.pathOf('roles')}[${index}]`;
    if (!isJsonObject(item)) {
      reader.violations.add(path, 'must be an object with a code');
      return [];
    }
    const role = new FieldReader(item, ROLE_FIELDS, reader.violations, path);
    const code = role.string('code', { required: true });
    const tenantId = role.string('tenantId');
    if (code === undefined) return [];
    return [tenantId ? { code, tenantId } : { code }];
  });
}

function checkFieldRules(input: EgovUserInput, reader: FieldReader<UserField>, rules: EgovUserRules): void {
  const { tenantId, userName, name, profile } = input;
  for (const violation of egovUserViolations({ tenantId, userName, name, profile }, rules)) {
    reader.invalid(egovFieldName(violation.field) as UserField, violation.message);
  }
  for (const policy of input.password === undefined ? [] : passwordPolicyViolations(input.password)) {
    reader.invalid('password', policy.message, policy.code);
  }
}

function checkRequiredFields(input: EgovUserInput, reader: FieldReader<UserField>, purpose: EgovUserPurpose): void {
  // A field already reported (e.g. of the wrong type) is not reported again as missing.
  const require = (field: UserField, given: boolean) => {
    const path = reader.pathOf(field);
    if (!given && !reader.violations.names(path)) reader.violations.missing(path);
  };
  switch (purpose) {
    case 'registerCitizen':
      require('tenantId', !!input.tenantId);
      require('name', !!input.name?.trim());
      require('mobileNumber', !!input.profile?.mobile);
      require('otpReference', !!input.otpReference);
      return;
    case 'createNoValidate':
      require('tenantId', !!input.tenantId);
      require('name', !!input.name?.trim());
      require('type', !!input.type);
      // A citizen's user name defaults to its mobile number; anyone else needs one.
      if (input.type === 'CITIZEN') require('mobileNumber', !!input.profile?.mobile || !!input.userName);
      else require('userName', !!input.userName);
      return;
    case 'updateNoValidate':
      require('uuid', !!input.uuid);
      require('roles', !!input.roles?.length);
      return;
    case 'updateCitizen':
      require('uuid', !!input.uuid);
      return;
    case 'updateProfile':
      // The uuid defaults to the caller's own (a user updates only itself there).
      return;
  }
}
