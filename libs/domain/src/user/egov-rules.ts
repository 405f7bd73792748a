import type { Profile } from './user.types';
import { BLOOD_GROUPS, RELATIONSHIPS } from './user.types';

/**
 * The egov-user field rules (summarised in docs/egov-api.md), pure, on a user already in domain names: the gateway maps the
 * egov names (mobileNumber → mobile, emailId → email, dob → dateOfBirth …) and reports each violation
 * under the egov name of its field.
 */
export interface Violation {
  field: string;
  message: string;
}

export interface EgovUserFields {
  tenantId?: string | null;
  userName?: string | null;
  /** The egov full name, before it is split into firstName and lastName. */
  name?: string | null;
  profile?: Partial<Profile> | null;
}

export interface EgovRuleOptions {
  /** The configured mobile number pattern (egov-user: 10 digits). */
  mobilePattern: RegExp;
  /** Today, for the date of birth. */
  now: Date;
}

export const GENDERS = ['FEMALE', 'MALE', 'OTHERS', 'TRANSGENDER'] as const;
export type Gender = (typeof GENDERS)[number];

export const MAX_NAME_LENGTH = 50;
export const MAX_EMAIL_LENGTH = 128;
export const MAX_ADDRESS_LENGTH = 300;
export const MAX_USER_NAME_LENGTH = 180;

const PIN_CODE = /^[1-9][0-9]{5}$/;
const CITY = /^[A-Za-z. ]*$/;
const TENANT_ID = /^[A-Za-z]+(\.[A-Za-z]+)*$/;
// egov-user's name pattern: no markup, quotes or symbols a person's name does not contain.
const NAME = /^[^$"<>?\\~`!@#%^()+={}[\]*,:;“”‘’]*$/;
// One @, no spaces, a dot in the domain: what a mail server accepts in practice, not RFC 5322's corners.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const AADHAAR = /^[0-9]{12}$/;
const PAN = /^[A-Za-z]{5}[0-9]{4}[A-Za-z]$/;
const DD_MM_YYYY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The patterns of the rules below, for the OpenAPI document: a generator builds valid egov requests from them. */
export const EGOV_FIELD_PATTERNS = {
  tenantId: TENANT_ID,
  name: NAME,
  emailId: EMAIL,
  pan: PAN,
  aadhaarNumber: AADHAAR,
  city: CITY,
  pinCode: PIN_CODE,
} as const;

/** Every rule the given fields break; absent and null fields are not checked (a required field is the caller's rule). */
export function egovUserViolations(user: EgovUserFields, options: EgovRuleOptions): Violation[] {
  const violations: Violation[] = [];
  const check = (field: string, value: string | null | undefined, rule: (value: string) => string | null) => {
    if (value === null || value === undefined) return;
    const message = rule(value);
    if (message) violations.push({ field, message });
  };
  const profile = user.profile ?? {};
  check('tenantId', user.tenantId, (value) => (TENANT_ID.test(value) ? null : 'must be letters separated by dots'));
  check('userName', user.userName, userNameRule);
  check('name', user.name, personName);
  check('firstName', profile.firstName, personName);
  check('middleName', profile.middleName, personName);
  check('lastName', profile.lastName, personName);
  check('fatherOrHusbandName', profile.fatherOrHusbandName, personName);
  const mobileRule = (value: string) =>
    options.mobilePattern.test(value) ? null : `must match ${options.mobilePattern.source}`;
  check('mobile', profile.mobile, mobileRule);
  check('altContactNumber', profile.altContactNumber, mobileRule);
  check('alternateMobileNumber', profile.alternateMobileNumber, mobileRule);
  check('email', profile.email, emailRule);
  check('gender', profile.gender, (value) => (isGender(value) ? null : `must be one of ${GENDERS.join(', ')}`));
  check('dateOfBirth', profile.dateOfBirth, (value) => dateOfBirthRule(value, options.now));
  check('relationship', profile.relationship, (value) => oneOf(value, RELATIONSHIPS));
  check('bloodGroup', profile.bloodGroup, (value) => oneOf(value, BLOOD_GROUPS));
  check('pan', profile.pan, (value) => (PAN.test(value) ? null : 'must be 5 letters, 4 digits and a letter'));
  check('aadhaarNumber', profile.aadhaarNumber, (value) => (AADHAAR.test(value) ? null : 'must be 12 digits'));
  check('permanentAddress', profile.permanentAddress, maxLength(MAX_ADDRESS_LENGTH));
  check('correspondenceAddress', profile.correspondenceAddress, maxLength(MAX_ADDRESS_LENGTH));
  check('permanentCity', profile.permanentCity, cityRule);
  check('correspondenceCity', profile.correspondenceCity, cityRule);
  check('permanentPinCode', profile.permanentPinCode, pinCodeRule);
  check('correspondencePinCode', profile.correspondencePinCode, pinCodeRule);
  return violations;
}

export function isGender(value: string): value is Gender {
  return (GENDERS as readonly string[]).includes(value);
}

/** egov's `dd/MM/yyyy` as the domain's `YYYY-MM-DD`; null when it is not that format or not a real day. */
export function parseEgovDate(text: string): string | null {
  const match = DD_MM_YYYY.exec(text.trim());
  if (!match) return null;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  return isRealDay(iso) ? iso : null;
}

/** The domain's `YYYY-MM-DD` as egov's `dd/MM/yyyy`. */
export function formatEgovDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

export type PasswordPolicyViolation = { code: 'INVALID_PWD_LENGTH' | 'INVALID_PWD_PATTERN'; message: string };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 15;

/** egov-user's password policy: every rule the password breaks (none: it is good). Messages never repeat the password. */
export function passwordPolicyViolations(password: string): PasswordPolicyViolation[] {
  const violations: PasswordPolicyViolation[] = [];
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    violations.push({
      code: 'INVALID_PWD_LENGTH',
      message: `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    });
  }
  const wellFormed =
    /[0-9]/.test(password) &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[@#$%]/.test(password) &&
    !/\s/.test(password);
  if (!wellFormed) {
    violations.push({
      code: 'INVALID_PWD_PATTERN',
      message:
        'the password must contain a digit, a lower-case letter, an upper-case letter and one of @ # $ %, and no whitespace',
    });
  }
  return violations;
}

/** egov's single `name` in the domain's fields: the last word is the last name, the words before it the first name. */
export function splitFullName(name: string): { firstName: string; lastName: string } {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] };
}

/** The egov `name` of a profile: first, middle and last name, the non-empty ones joined by one space. */
export function fullNameOf(profile: Pick<Profile, 'firstName' | 'lastName' | 'middleName'>): string {
  return [profile.firstName, profile.middleName, profile.lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0)
    .join(' ');
}

function personName(value: string): string | null {
  if (value.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  return NAME.test(value) ? null : 'must not contain symbols such as $ " < > ? @ # % ( ) * , : ;';
}

function userNameRule(value: string): string | null {
  if (value.trim().length === 0) return 'must not be blank';
  if (value.length > MAX_USER_NAME_LENGTH) return `must be at most ${MAX_USER_NAME_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\u0000-\u001f\u007f]/.test(value) ? 'must not contain control characters' : null;
}

function emailRule(value: string): string | null {
  if (value.length > MAX_EMAIL_LENGTH) return `must be at most ${MAX_EMAIL_LENGTH} characters`;
  return EMAIL.test(value) ? null : 'must be a valid e-mail address';
}

function cityRule(value: string): string | null {
  if (value.length > MAX_ADDRESS_LENGTH) return `must be at most ${MAX_ADDRESS_LENGTH} characters`;
  return CITY.test(value) ? null : 'must contain only letters, dots and spaces';
}

function pinCodeRule(value: string): string | null {
  return PIN_CODE.test(value) ? null : 'must be 6 digits, not starting with 0';
}

function dateOfBirthRule(value: string, now: Date): string | null {
  if (!isRealDay(value)) return 'must be a real date (dd/MM/yyyy)';
  return value > now.toISOString().slice(0, 10) ? 'must not be in the future' : null;
}

function maxLength(max: number): (value: string) => string | null {
  return (value) => (value.length > max ? `must be at most ${max} characters` : null);
}

function oneOf(value: string, allowed: readonly string[]): string | null {
  return allowed.includes(value) ? null : `must be one of ${allowed.join(', ')}`;
}

function isRealDay(isoDate: string): boolean {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1800
  );
}
