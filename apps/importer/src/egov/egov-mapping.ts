import type { BloodGroup, Gender, Profile, Relationship, Role, UserType } from '@roster/domain';
import { egovUserViolations, splitFullName, USER_TYPES } from '@roster/domain';
import type { ImportProblem, SourceRecord } from '../import-source';

/**
 * One eg_user row as the egov source selects it: numbers, bigints and times as text (exact, no zone guessed),
 * times already as ISO UTC (egov-user writes UTC wall-clock into `timestamp` columns), `dob` as `YYYY-MM-DD`.
 * Columns a schema version lacks come back null.
 */
export interface EgovUserRow {
  id: string;
  tenantid: string;
  uuid: string | null;
  username: string | null;
  password: string | null;
  type: string | null;
  name: string | null;
  salutation: string | null;
  dob: string | null;
  locale: string | null;
  mobilenumber: string | null;
  altcontactnumber: string | null;
  alternatemobilenumber: string | null;
  emailid: string | null;
  pan: string | null;
  aadhaarnumber: string | null;
  guardian: string | null;
  guardianrelation: string | null;
  bloodgroup: string | null;
  gender: number | null;
  signature: string | null;
  photo: string | null;
  identificationmark: string | null;
  active: boolean | null;
  accountlocked: boolean | null;
  accountlockeddate: string | null;
  pwdexpirydate: string | null;
  createddate: string | null;
  lastmodifieddate: string | null;
  createdby: string | null;
  lastmodifiedby: string | null;
}

/** An eg_user_address row of the user (the live address table; at most one per type). */
export interface EgovAddressRow {
  type: string;
  address: string | null;
  city: string | null;
  pincode: string | null;
}

/** An eg_userrole_v1 row of the user: the role and the tenant it is held in. */
export interface EgovRoleRow {
  role_code: string | null;
  role_tenantid: string | null;
}

/** The columns egov-user encrypts (its MDMS security policy for `User`); any of their values may be a ciphertext. */
export const ENCRYPTABLE_USER_COLUMNS = [
  'username',
  'name',
  'mobilenumber',
  'emailid',
  'altcontactnumber',
  'alternatemobilenumber',
  'pan',
  'aadhaarnumber',
  'guardian',
] as const satisfies readonly (keyof EgovUserRow)[];
export const ENCRYPTABLE_ADDRESS_COLUMNS = ['address'] as const satisfies readonly (keyof EgovAddressRow)[];

export interface EgovMappingContext {
  /** How long egov-user's lock lasts (ROSTER_LOCKOUT_MINUTES): egov keeps when a lock began, Roster when it ends. */
  lockMs: number;
  /** egov-user's password expiry (ROSTER_PASSWORD_EXPIRY_DAYS): egov keeps when it expires, Roster when it was set. */
  passwordExpiryDays: number;
  mobilePattern: RegExp;
  now: Date;
  /** The uuid of the egov user with this numeric id (createdby, lastmodifiedby), or null when the source has none. */
  uuidOfEgovId: (id: string) => string | null;
}

/** egov-user's gender codes (smallint); 0 is written for "none". */
const GENDER_OF_CODE: Readonly<Record<number, Gender | null>> = {
  0: null,
  1: 'FEMALE',
  2: 'MALE',
  3: 'OTHERS',
  4: 'TRANSGENDER',
};

/** egov-user stores the BloodGroup enum's name; its API (and Roster) use the value. */
const BLOOD_GROUP_OF_NAME: Readonly<Record<string, BloodGroup>> = {
  A_POSITIVE: 'A+',
  A_NEGATIVE: 'A-',
  B_POSITIVE: 'B+',
  B_NEGATIVE: 'B-',
  AB_POSITIVE: 'AB+',
  AB_NEGATIVE: 'AB-',
  O_POSITIVE: 'O+',
  O_NEGATIVE: 'O-',
};

/** The egov column behind each field egovUserViolations names, so the report points at the source's data. */
const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  tenantId: 'tenantid',
  userName: 'username',
  name: 'name',
  mobile: 'mobilenumber',
  altContactNumber: 'altcontactnumber',
  alternateMobileNumber: 'alternatemobilenumber',
  email: 'emailid',
  gender: 'gender',
  dateOfBirth: 'dob',
  fatherOrHusbandName: 'guardian',
  relationship: 'guardianrelation',
  bloodGroup: 'bloodgroup',
  pan: 'pan',
  aadhaarNumber: 'aadhaarnumber',
  permanentAddress: 'eg_user_address.address (PERMANENT)',
  permanentCity: 'eg_user_address.city (PERMANENT)',
  permanentPinCode: 'eg_user_address.pincode (PERMANENT)',
  correspondenceAddress: 'eg_user_address.address (CORRESPONDENCE)',
  correspondenceCity: 'eg_user_address.city (CORRESPONDENCE)',
  correspondencePinCode: 'eg_user_address.pincode (CORRESPONDENCE)',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What egov-user's Spring BCryptPasswordEncoder writes ($2a$), and the other BCrypt versions login verifies. */
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const ARGON2ID = /^\$argon2id\$/;
const DAY_MS = 86_400_000;

/** The egov source's key of a row: egov-user's primary key is (id, tenantid). */
export function egovSourceId(row: { id: string; tenantid: string }): string {
  return `${row.id}@${row.tenantid}`;
}

/**
 * One egov-user user (its row, address rows and role rows, values decrypted) as an import candidate, so that the
 * user answers Roster's egov face as egov-user answered for it; or refused, naming the column at fault.
 */
export function egovRecordOf(
  row: EgovUserRow,
  addresses: readonly EgovAddressRow[],
  roles: readonly EgovRoleRow[],
  context: EgovMappingContext,
): SourceRecord {
  const sourceId = egovSourceId(row);
  const refuse = (problem: ImportProblem): SourceRecord => ({
    sourceId,
    candidate: null,
    refused: problem,
    warnings: [],
  });
  const userId = row.uuid?.trim() ?? '';
  if (!UUID.test(userId)) {
    return refuse({ reason: 'invalid_uuid', field: 'uuid', message: 'the user has no valid uuid' });
  }
  const userType = row.type ?? '';
  if (!(USER_TYPES as readonly string[]).includes(userType)) {
    return refuse({
      reason: 'invalid_user_type',
      field: 'type',
      message: `must be one of ${USER_TYPES.join(', ')} (egov-user reads anything else as no type)`,
    });
  }
  const gender = row.gender === null ? null : GENDER_OF_CODE[row.gender];
  if (gender === undefined) {
    return refuse({ reason: 'invalid_field', field: 'gender', message: `unknown gender code ${row.gender}` });
  }

  const permanent = addresses.find((address) => address.type === 'PERMANENT');
  const correspondence = addresses.find((address) => address.type === 'CORRESPONDENCE');
  const bloodGroup = textOf(row.bloodgroup);
  const profile: Partial<Profile> = {
    salutation: textOf(row.salutation),
    dateOfBirth: row.dob,
    email: textOf(row.emailid),
    mobile: textOf(row.mobilenumber),
    gender,
    altContactNumber: textOf(row.altcontactnumber),
    alternateMobileNumber: textOf(row.alternatemobilenumber),
    fatherOrHusbandName: textOf(row.guardian),
    relationship: textOf(row.guardianrelation)?.toUpperCase() as Relationship | null,
    // An unknown name is passed on as it is, for the rules to refuse.
    bloodGroup: bloodGroup === null ? null : ((BLOOD_GROUP_OF_NAME[bloodGroup] ?? bloodGroup) as BloodGroup),
    pan: textOf(row.pan),
    aadhaarNumber: textOf(row.aadhaarnumber),
    permanentAddress: textOf(permanent?.address),
    permanentCity: textOf(permanent?.city),
    permanentPinCode: textOf(permanent?.pincode),
    correspondenceAddress: textOf(correspondence?.address),
    correspondenceCity: textOf(correspondence?.city),
    correspondencePinCode: textOf(correspondence?.pincode),
    locale: textOf(row.locale),
    signature: textOf(row.signature),
    photo: textOf(row.photo),
    identificationMark: textOf(row.identificationmark),
  };
  const name = row.name ?? '';
  const userName = textOf(row.username);
  const [violation] = egovUserViolations(
    { tenantId: row.tenantid, userName, name, profile },
    { mobilePattern: context.mobilePattern, now: context.now },
  );
  if (violation) {
    return refuse({
      reason: 'invalid_field',
      field: COLUMN_OF_FIELD[violation.field] ?? violation.field,
      message: violation.message,
    });
  }

  const warnings: ImportProblem[] = [];
  const passwordHash = passwordHashOf(row.password);
  if (row.password !== null && passwordHash === null) {
    warnings.push({
      reason: 'password_hash_unsupported',
      field: 'password',
      message:
        'the stored hash is neither BCrypt nor argon2id: imported without a password (log in by OTP or reset it)',
    });
  }
  const createdAt = row.createddate ?? row.lastmodifieddate ?? context.now.toISOString();
  return {
    sourceId,
    refused: null,
    warnings,
    candidate: {
      userId,
      tenantId: row.tenantid,
      userType: userType as UserType,
      userName,
      numericId: Number(row.id),
      profile: { ...splitFullName(name), ...withoutNulls(profile) },
      roles: rolesOf(row, roles),
      // egov-user reads a NULL `active` as false (ResultSet.getBoolean).
      active: row.active === true,
      parentId: null,
      passwordHash,
      passwordChangedAt: passwordHash !== null ? passwordChangedAtOf(row.pwdexpirydate, context) : null,
      // egov-user never refused a login for an expired password; Roster does not either, for these.
      passwordExpiryApplies: false,
      lockedUntil: lockedUntilOf(row, context),
      otpVerified: false,
      createdBy: actorOf(row.createdby, context),
      lastModifiedBy: actorOf(row.lastmodifiedby, context),
      createdAt,
      updatedAt: row.lastmodifieddate ?? createdAt,
    },
  };
}

/** egov-user writes `''` for an absent enum and sometimes for absent text: no value either way. */
function textOf(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

function withoutNulls(profile: Partial<Profile>): Partial<Profile> {
  // A loop, not entries/filter/fromEntries: this runs for every user of the import.
  const kept: Record<string, unknown> = {};
  for (const key in profile) {
    const value = profile[key as keyof Profile];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept as Partial<Profile>;
}

function passwordHashOf(password: string | null): string | null {
  if (password === null) return null;
  return BCRYPT.test(password) || ARGON2ID.test(password) ? password : null;
}

/**
 * egov keeps when the password expires; Roster when it was set, and adds the same expiry to it. A date already
 * past stays as it is: egov-user never refused a login for it, and neither does Roster for a password imported
 * from it (the state's `passwordExpiryApplies`).
 */
function passwordChangedAtOf(pwdExpiryDate: string | null, context: EgovMappingContext): string | null {
  if (pwdExpiryDate === null) return null;
  return new Date(Date.parse(pwdExpiryDate) - context.passwordExpiryDays * DAY_MS).toISOString();
}

/** Locked until the lock's start plus its length, when that is still ahead; egov-user unlocks later ones at the next login. */
function lockedUntilOf(row: EgovUserRow, context: EgovMappingContext): string | null {
  const lockedAt = row.accountlockeddate === null ? 0 : Number(row.accountlockeddate);
  if (row.accountlocked !== true || !(lockedAt > 0)) return null;
  const until = lockedAt + context.lockMs;
  return until > context.now.getTime() ? new Date(until).toISOString() : null;
}

function actorOf(egovId: string | null, context: EgovMappingContext): string | null {
  if (egovId === null || egovId === '0') return null;
  return context.uuidOfEgovId(egovId);
}

/** The user's roles, each in its own tenant (the user's when the row has none), each once. */
function rolesOf(row: EgovUserRow, roles: readonly EgovRoleRow[]): Role[] {
  const distinct = new Map<string, Role>();
  for (const role of roles) {
    // eg_userrole_v1 has no NOT NULL constraints: a row without a code grants nothing.
    if (!textOf(role.role_code)) continue;
    const tenantId = textOf(role.role_tenantid) ?? row.tenantid;
    distinct.set(`${role.role_code}\u0000${tenantId}`, { code: role.role_code as string, tenantId });
  }
  return [...distinct.values()];
}
