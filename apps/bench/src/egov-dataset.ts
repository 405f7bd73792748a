import { createHash } from 'node:crypto';
import { hash } from '@node-rs/bcrypt';
import type { ClientBase } from 'pg';
import { personOf } from './dataset';

/**
 * An egov-user PostgreSQL database made up for the import's bench and integration test: egov-user's tables as its
 * Flyway migrations leave them (egovernments/Digit-Core, core-services/egov-user/src/main/resources/db/migration/ddl),
 * filled with users shaped like those of a running DIGIT.
 * User i is always the same person for the same options, so a test can name the rows it checks without keeping them.
 *
 * Values are stored as plaintext (like data written before egov-user 1.2.0 began encrypting PII), since no
 * egov-enc-service runs beside the tests.
 */

/**
 * egov-user's tables after its DDL migrations (Digit-Core master, countrycode included), without their keys and
 * indexes: loadEgovDatabase adds those after the rows, which is several times faster than checking each row.
 */
const EGOV_USER_TABLES = `
CREATE SEQUENCE seq_eg_user START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
CREATE SEQUENCE seq_eg_user_address START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;

CREATE TABLE eg_user (
  title varchar(8),
  salutation varchar(5),
  dob timestamp,
  locale varchar(16),
  username varchar(180) NOT NULL,
  password varchar(64) NOT NULL,
  pwdexpirydate timestamp DEFAULT CURRENT_TIMESTAMP,
  mobilenumber varchar(150),
  altcontactnumber varchar(150),
  emailid varchar(300),
  createddate timestamp,
  lastmodifieddate timestamp,
  createdby bigint,
  lastmodifiedby bigint,
  active boolean,
  name varchar(250),
  gender smallint,
  pan varchar(65),
  aadhaarnumber varchar(85),
  type varchar(50),
  version numeric DEFAULT 0,
  guardian varchar(250),
  guardianrelation varchar(32),
  signature varchar(36),
  accountlocked boolean DEFAULT false,
  bloodgroup varchar(32),
  photo varchar(36),
  identificationmark varchar(300),
  tenantid varchar(256) NOT NULL,
  id bigint NOT NULL,
  uuid character(36),
  accountlockeddate bigint,
  alternatemobilenumber varchar(50) DEFAULT NULL,
  countrycode varchar(10)
);

CREATE TABLE eg_user_address (
  id bigint NOT NULL,
  version numeric DEFAULT 0,
  createddate timestamp NOT NULL,
  lastmodifieddate timestamp,
  createdby bigint NOT NULL,
  lastmodifiedby bigint,
  type varchar(50) NOT NULL,
  address varchar(440),
  city varchar(300),
  pincode varchar(10),
  userid bigint NOT NULL,
  tenantid varchar(256) NOT NULL
);

CREATE TABLE eg_userrole_v1 (
  role_code varchar(50),
  role_tenantid varchar(256),
  user_id bigint,
  user_tenantid varchar(256),
  lastmodifieddate timestamp
);
`;

/** The keys and indexes of EGOV_USER_TABLES, as the migrations name them. */
const EGOV_USER_KEYS = `
ALTER TABLE eg_user ADD CONSTRAINT eg_user_pkey PRIMARY KEY (id, tenantid);
ALTER TABLE eg_user ADD CONSTRAINT eg_user_user_name_tenant UNIQUE (username, type, tenantid);
CREATE INDEX idx_eg_user_active ON eg_user (active);
CREATE INDEX idx_eg_user_mobile ON eg_user (mobilenumber);
CREATE INDEX idx_eg_user_name ON eg_user (name);
CREATE INDEX idx_eg_user_tenantid ON eg_user (tenantid);
CREATE INDEX idx_eg_user_type ON eg_user (type);
CREATE INDEX idx_eg_user_username ON eg_user (username);
CREATE INDEX idx_eg_user_uuid ON eg_user (uuid);

ALTER TABLE eg_user_address ADD CONSTRAINT eg_user_address_pkey PRIMARY KEY (id);
ALTER TABLE eg_user_address ADD CONSTRAINT eg_user_address_type_unique UNIQUE (userid, tenantid, type);
ALTER TABLE eg_user_address ADD CONSTRAINT eg_user_address_user_fkey FOREIGN KEY (userid, tenantid)
  REFERENCES eg_user (id, tenantid) ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX idx_eg_user_address_tenantid ON eg_user_address (tenantid);

-- Created by CREATE TABLE … AS SELECT in the migrations: no primary key, no NOT NULL, nothing against duplicates.
ALTER TABLE eg_userrole_v1 ADD CONSTRAINT fk_user_role_v1 FOREIGN KEY (user_id, user_tenantid) REFERENCES eg_user (id, tenantid);
CREATE INDEX idx_eg_userrole_v1_rolecode ON eg_userrole_v1 (role_code);
CREATE INDEX idx_eg_userrole_v1_roletenantid ON eg_userrole_v1 (role_tenantid);
CREATE INDEX idx_eg_userrole_v1_userid ON eg_userrole_v1 (user_id);
CREATE INDEX idx_eg_userrole_v1_usertenantid ON eg_userrole_v1 (user_tenantid);
`;

/**
 * The DDL of egov-user's final schema after its Flyway migrations: eg_user, eg_user_address and eg_userrole_v1 with
 * their columns, keys and indexes, and the id sequences. Legacy tables egov-user no longer reads are left out.
 */
export const EGOV_USER_SCHEMA = EGOV_USER_TABLES + EGOV_USER_KEYS;

/** Citizens live at the state tenant; employees at a city of it. */
export const EGOV_STATE_TENANT = 'pb';
export const EGOV_CITY_TENANTS = ['pb.amritsar', 'pb.jalandhar'] as const;

/** egov-user's `gender` smallint codes (3 = OTHERS and 4 = TRANSGENDER since DIGIT 2.5); 0 is "none". */
export const EGOV_GENDER_CODES: Readonly<Record<number, string | null>> = {
  0: null,
  1: 'FEMALE',
  2: 'MALE',
  3: 'OTHERS',
  4: 'TRANSGENDER',
};

/** The passwords the fixture's hashes are made from; each meets egov-user's password policy. */
export const EGOV_KNOWN_PASSWORDS = ['Egov@1234', 'Punjab#2024', 'Amritsar$99', 'Jal%Pass01'] as const;

/** The same clock for every run unless a test passes its own (e.g. so that a lock is still in force). */
export const EGOV_FIXTURE_NOW = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
/** The first numeric id: ids below it stay free for a Roster that starts on the imported store (bootstrap admin). */
export const EGOV_FIRST_ID = 1000;

const BLOOD_GROUPS = [
  'A_POSITIVE',
  'B_POSITIVE',
  'O_POSITIVE',
  'AB_POSITIVE',
  'A_NEGATIVE',
  'B_NEGATIVE',
  'AB_NEGATIVE',
  'O_NEGATIVE',
];
const GUARDIAN_RELATIONS = ['FATHER', 'MOTHER', 'HUSBAND', 'OTHER'];
const EMPLOYEE_ROLES = ['GRO', 'PGR_LME', 'CSR', 'DGRO', 'HRMS_ADMIN'];
const CITIES = ['Amritsar', 'Jalandhar', 'Ludhiana', 'Patiala', 'Bathinda'];
const STREETS = ['Mall Road', 'GT Road', 'Model Town', 'Ranjit Avenue', 'Civil Lines', 'Lawrence Road'];
const SALUTATIONS = ['Mr', 'Mrs', 'Ms', 'Dr', null];
const DAY_MS = 24 * 60 * 60 * 1000;
/** egov-user sets pwdexpirydate to the password's date plus `default.password.expiry.in.days`. */
const PASSWORD_EXPIRY_DAYS = 90;
const FIRST_CREATED_MS = Date.UTC(2020, 0, 1);

export interface KnownPassword {
  password: string;
  /** `$2a$10$…`, what egov-user's BCryptPasswordEncoder stores. */
  hash: string;
}

/**
 * BCrypt hashes of EGOV_KNOWN_PASSWORDS, made once per run and shared by every user: one hash costs ~50 ms, so
 * 100,000 distinct ones would take over an hour. Salts are random, so hashes differ between runs; logins do not.
 */
export async function hashEgovPasswords(): Promise<KnownPassword[]> {
  return Promise.all(
    EGOV_KNOWN_PASSWORDS.map(async (password) => ({
      password,
      // Spring's BCryptPasswordEncoder writes $2a$ at cost 10; the binding writes $2y$, the same algorithm.
      hash: (await hash(password, 10)).replace(/^\$2[aby]\$/, '$2a$'),
    })),
  );
}

export type EgovUserType = 'CITIZEN' | 'EMPLOYEE';
export type EgovAddressType = 'PERMANENT' | 'CORRESPONDENCE';

export interface EgovAddress {
  id: number;
  type: EgovAddressType;
  address: string | null;
  city: string | null;
  pincode: string | null;
  createdDate: string;
  lastModifiedDate: string;
  /** egov-user sets both to the owner's own id. */
  createdBy: number;
  lastModifiedBy: number;
}

export interface EgovRole {
  code: string;
  tenantId: string;
}

/**
 * One eg_user row with its address and role rows, in egov-user's column spellings. Dates are ISO strings of the
 * UTC wall-clock value the `timestamp` columns hold; `dob` is a day (stored at midnight).
 */
export interface EgovUser {
  index: number;
  id: number;
  uuid: string;
  tenantId: string;
  type: EgovUserType;
  userName: string;
  /** The plaintext the stored hash was made from, for logging in as this user. */
  password: string;
  passwordHash: string;
  name: string;
  salutation: string | null;
  locale: string | null;
  mobileNumber: string | null;
  altContactNumber: string | null;
  alternateMobileNumber: string | null;
  emailId: string | null;
  gender: number;
  dob: string | null;
  pan: string | null;
  aadhaarNumber: string | null;
  guardian: string | null;
  /** An enum name, or '' when none (as egov-user writes it). */
  guardianRelation: string;
  /** An enum name such as `A_POSITIVE`, or '' when none. */
  bloodGroup: string;
  signature: string | null;
  photo: string | null;
  identificationMark: string | null;
  countryCode: string | null;
  active: boolean;
  accountLocked: boolean;
  /** Epoch milliseconds of the lockout; 0 or null when never locked. */
  accountLockedDate: number | null;
  pwdExpiryDate: string;
  createdDate: string;
  lastModifiedDate: string;
  createdBy: number | null;
  lastModifiedBy: number | null;
  addresses: EgovAddress[];
  /** The eg_userrole_v1 rows: some employees hold a role twice, as nothing in that table prevents it. */
  roleRows: EgovRole[];
}

/** The users a test looks at by name; each sits at a fixed share of the id range so a half-way crash splits them. */
export interface EgovSpecialUsers {
  /** An employee with a recent password (not expired), whose roles include one at another tenant. */
  employee: EgovUser;
  /** A citizen with a recent password; userName = mobile number. */
  citizen: EgovUser;
  /** Locked a few minutes before `now` (accountlocked, accountlockeddate set): its lockout is still in force. */
  locked: EgovUser;
  /** active = false. */
  inactive: EgovUser;
  /** The first citizen holding the mobile number that `duplicateMobile` repeats. */
  mobileOwner: EgovUser;
  /** A later citizen (higher id) with `mobileOwner`'s mobile number and a userName of its own. */
  duplicateMobile: EgovUser;
  /** A citizen whose e-mail address is not one (`not-an-email`). */
  invalidField: EgovUser;
}

export interface EgovDatasetOptions {
  users: number;
  passwords: readonly KnownPassword[];
  /** The first user's numeric id (default EGOV_FIRST_ID); ids then rise with small gaps, like a shared sequence. */
  firstId?: number;
  /** The clock the special users' recent dates and the lock are relative to (default EGOV_FIXTURE_NOW). */
  now?: Date;
  /** Place the special users (needs at least 20 users). */
  specials?: boolean;
}

export interface EgovDataset {
  /** In id order, the order egov-user's sequence gave them. */
  users: EgovUser[];
  special: EgovSpecialUsers | null;
}

type SpecialName = keyof EgovSpecialUsers;

/** Where each special user sits, as a share of the user count; all below 0.7 so a crash past 70% has seen them. */
const SPECIAL_SHARES: Record<SpecialName, number> = {
  employee: 0.1,
  locked: 0.15,
  inactive: 0.2,
  mobileOwner: 0.25,
  citizen: 0.35,
  invalidField: 0.5,
  duplicateMobile: 0.6,
};
const SPECIAL_EMPLOYEES: ReadonlySet<SpecialName> = new Set(['employee', 'locked']);
export const MIN_USERS_WITH_SPECIALS = 20;

export function egovDataset(options: EgovDatasetOptions): EgovDataset {
  const { users: count, passwords } = options;
  if (passwords.length === 0) throw new Error('egovDataset needs at least one known password');
  const specialAt = options.specials ? specialIndexes(count) : new Map<number, SpecialName>();
  const context: Context = {
    firstId: options.firstId ?? EGOV_FIRST_ID,
    nowMs: (options.now ?? EGOV_FIXTURE_NOW).getTime(),
    passwords,
    specialAt,
  };
  const users = Array.from({ length: count }, (_, index) => egovUserOf(index, context));
  if (!options.specials) return { users, special: null };
  const special = {} as EgovSpecialUsers;
  for (const [index, name] of specialAt) special[name] = users[index];
  special.duplicateMobile.mobileNumber = special.mobileOwner.mobileNumber;
  return { users, special };
}

function specialIndexes(count: number): Map<number, SpecialName> {
  if (count < MIN_USERS_WITH_SPECIALS) {
    throw new Error(`the special users need at least ${MIN_USERS_WITH_SPECIALS} users, not ${count}`);
  }
  const at = new Map<number, SpecialName>();
  for (const [name, share] of Object.entries(SPECIAL_SHARES) as [SpecialName, number][]) {
    // Index 0 is the first administrator every employee is created by; a special never replaces it.
    at.set(Math.max(1, Math.floor(count * share)), name);
  }
  return at;
}

interface Context {
  firstId: number;
  nowMs: number;
  passwords: readonly KnownPassword[];
  specialAt: Map<number, SpecialName>;
}

/** egov-user's ids come from one sequence shared by every tenant, so a fixture's have gaps (1 in 50). */
export function egovIdOf(index: number, firstId = EGOV_FIRST_ID): number {
  return firstId + index + Math.floor(index / 50);
}

function typeOf(index: number, special: SpecialName | undefined): EgovUserType {
  if (special) return SPECIAL_EMPLOYEES.has(special) ? 'EMPLOYEE' : 'CITIZEN';
  // Index 0 is an employee: the administrator the other employees are created by.
  return index % 5 === 0 ? 'EMPLOYEE' : 'CITIZEN';
}

function egovUserOf(index: number, context: Context): EgovUser {
  const special = context.specialAt.get(index);
  const type = typeOf(index, special);
  const id = egovIdOf(index, context.firstId);
  const { firstName, lastName, email } = personOf(index);
  const tenantId = type === 'CITIZEN' ? EGOV_STATE_TENANT : EGOV_CITY_TENANTS[index % EGOV_CITY_TENANTS.length];
  const mobileNumber = nationalNumber(type === 'CITIZEN' ? '9' : '8', index);
  // Citizens sign in with their mobile number; a citizen whose number another already holds kept an older userName.
  const userName =
    type === 'EMPLOYEE'
      ? `EMP-${tenantId.slice(3, 6).toUpperCase()}-${String(index).padStart(6, '0')}`
      : special === 'duplicateMobile'
        ? nationalNumber('6', index)
        : mobileNumber;
  // The special users were touched recently, so their password has not expired and a lock is still in force.
  const createdMs =
    special !== undefined ? context.nowMs - 2 * DAY_MS + index * 1000 : FIRST_CREATED_MS + index * 37_000;
  const modifiedMs = special !== undefined ? createdMs : createdMs + Math.floor(hashed(index, 1) * 400) * DAY_MS;
  const known = context.passwords[index % context.passwords.length];
  const createdBy =
    type === 'EMPLOYEE' ? (index === 0 ? null : egovIdOf(0, context.firstId)) : counterClerkOf(index, context);
  const createdDate = iso(createdMs);
  const lastModifiedDate = iso(modifiedMs);
  const relation = index % 3 === 0 ? GUARDIAN_RELATIONS[index % GUARDIAN_RELATIONS.length] : '';
  const user: EgovUser = {
    index,
    id,
    uuid: uuidOf(index),
    tenantId,
    type,
    userName,
    password: known.password,
    passwordHash: known.hash,
    name: index % 7 === 3 ? `${firstName} Kumar ${lastName}` : `${firstName} ${lastName}`,
    salutation: SALUTATIONS[index % SALUTATIONS.length],
    locale: index % 4 === 3 ? null : 'en_IN',
    mobileNumber,
    altContactNumber: index % 6 === 1 ? nationalNumber('6', index + 500_000_000) : null,
    alternateMobileNumber: index % 4 === 2 ? nationalNumber('7', index) : null,
    emailId: special === 'invalidField' ? 'not-an-email' : index % 5 < 3 ? email : null,
    gender: index % 5,
    dob: index % 5 < 3 ? dayOf(1950 + (index % 50), 1 + (index % 12), 1 + (index % 28)) : null,
    pan: index % 4 === 0 ? panOf(index) : null,
    aadhaarNumber: index % 3 === 0 ? String(200_000_000_000 + ((index * 7919) % 700_000_000_000)) : null,
    guardian: relation ? `${personOf(index + 1_000_003).firstName} ${lastName}` : null,
    guardianRelation: relation,
    bloodGroup: index % 3 === 1 ? BLOOD_GROUPS[index % BLOOD_GROUPS.length] : '',
    signature: type === 'EMPLOYEE' && index % 2 === 0 ? uuidOf(index + 10_000_000) : null,
    photo: index % 8 === 0 ? uuidOf(index + 20_000_000) : null,
    identificationMark: index % 9 === 0 ? 'Mole on the left cheek' : null,
    countryCode: index % 2 === 0 ? '+91' : null,
    active: special !== 'inactive',
    accountLocked: special === 'locked',
    accountLockedDate: lockedDateOf(index, special, context.nowMs, createdMs),
    pwdExpiryDate: iso(modifiedMs + PASSWORD_EXPIRY_DAYS * DAY_MS),
    createdDate,
    lastModifiedDate,
    createdBy,
    lastModifiedBy: index % 4 === 1 ? null : (createdBy ?? id),
    addresses: addressesOf(index, id, createdDate, lastModifiedDate),
    roleRows: type === 'EMPLOYEE' ? employeeRoles(index, tenantId, special) : [{ code: 'CITIZEN', tenantId }],
  };
  return user;
}

/** Some citizens were registered at a counter by an employee (the nearest earlier one); the rest by themselves. */
function counterClerkOf(index: number, context: Context): number | null {
  if (index % 3 !== 0) return null;
  let clerk = index - (index % 5);
  while (context.specialAt.has(clerk) && clerk > 0) clerk -= 5;
  return egovIdOf(clerk, context.firstId);
}

function lockedDateOf(index: number, special: SpecialName | undefined, nowMs: number, createdMs: number) {
  if (special === 'locked') return nowMs - 5 * 60 * 1000;
  // Both "never locked" spellings occur in real databases, and so do old lockouts that have since been lifted.
  if (index % 97 === 5) return createdMs + DAY_MS;
  return index % 2 === 0 ? null : 0;
}

function employeeRoles(index: number, tenantId: string, special: SpecialName | undefined): EgovRole[] {
  const roles: EgovRole[] = [
    { code: 'EMPLOYEE', tenantId },
    { code: index === 0 ? 'SUPERUSER' : EMPLOYEE_ROLES[Math.floor(index / 5) % EMPLOYEE_ROLES.length], tenantId },
  ];
  const otherCity = EGOV_CITY_TENANTS.find((city) => city !== tenantId) as string;
  if (special === 'employee' || index % 20 === 0) roles.push({ code: 'GRO', tenantId: otherCity });
  if (index % 30 === 0) roles.push({ code: 'SUPERUSER', tenantId: EGOV_STATE_TENANT });
  if (index % 50 === 0) roles.push({ code: 'EMPLOYEE', tenantId });
  return roles;
}

function addressesOf(index: number, userId: number, createdDate: string, lastModifiedDate: string): EgovAddress[] {
  // egov-user writes both rows for every user, with NULL values when the user gave none.
  const row = (offset: number, type: EgovAddressType, filled: boolean): EgovAddress => ({
    id: 2 * index + offset,
    type,
    address: filled ? `${1 + (index % 300)} ${STREETS[(index + offset) % STREETS.length]}` : null,
    city: filled ? CITIES[(index + offset) % CITIES.length] : null,
    pincode: filled ? String(140_001 + ((index * 13 + offset) % 9_000)) : null,
    createdDate,
    lastModifiedDate,
    createdBy: userId,
    lastModifiedBy: userId,
  });
  return [row(1, 'PERMANENT', index % 4 !== 3), row(2, 'CORRESPONDENCE', index % 2 === 0)];
}

/** A 10-digit number starting with `lead`, distinct per index: 7919 is coprime to 10^9, so i ↦ 7919·i mod 10^9 is a bijection. */
function nationalNumber(lead: string, index: number): string {
  return `${lead}${String((index * 7919 + 123_456) % 1_000_000_000).padStart(9, '0')}`;
}

function panOf(index: number): string {
  const letters = (n: number) =>
    Array.from({ length: 5 }, (_, k) => String.fromCharCode(65 + (Math.floor(n / 26 ** k) % 26))).join('');
  return `${letters(index)}${String(index % 10_000).padStart(4, '0')}${String.fromCharCode(65 + (index % 26))}`;
}

function uuidOf(index: number): string {
  const hex = createHash('sha1').update(`roster-egov-fixture-user:${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A uniform number in [0, 1) for (index, salt), without state. */
function hashed(index: number, salt: number): number {
  let h = Math.imul(index ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function dayOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC wall-clock text a `timestamp without time zone` column takes (egov-user runs its JVM in UTC). */
function wallClock(isoDate: string): string {
  return isoDate.replace('T', ' ').replace('Z', '');
}

// ---------------------------------------------------------------------------------------------- PostgreSQL ---

/** Creates egov-user's schema, keys included, in the connected (empty) database; insertEgovUsers then fills it. */
export async function createEgovSchema(client: ClientBase): Promise<void> {
  await client.query(EGOV_USER_SCHEMA);
}

/**
 * Creates egov-user's schema in the connected (empty) database and fills it with the users: rows first, then keys
 * and indexes, so each is built once over all rows. The result is the same database createEgovSchema and
 * insertEgovUsers give, only faster. One transaction: tables created in it are filled without WAL on a server with
 * wal_level=minimal (scripts/infra's).
 */
export async function loadEgovDatabase(client: ClientBase, users: readonly EgovUser[]): Promise<void> {
  await inTransaction(client, async () => {
    await client.query(EGOV_USER_TABLES);
    await insertRowsOf(client, users);
    await client.query(EGOV_USER_KEYS);
  });
}

/** Rows per INSERT: each statement binds one array per column, so a chunk costs one round trip whatever its size. */
const INSERT_CHUNK = 5_000;

const USER_COLUMNS: [column: string, type: string, value: (user: EgovUser) => unknown][] = [
  ['id', 'bigint', (u) => u.id],
  ['uuid', 'text', (u) => u.uuid],
  ['tenantid', 'text', (u) => u.tenantId],
  ['type', 'text', (u) => u.type],
  ['username', 'text', (u) => u.userName],
  ['password', 'text', (u) => u.passwordHash],
  ['name', 'text', (u) => u.name],
  ['salutation', 'text', (u) => u.salutation],
  ['locale', 'text', (u) => u.locale],
  ['mobilenumber', 'text', (u) => u.mobileNumber],
  ['altcontactnumber', 'text', (u) => u.altContactNumber],
  ['alternatemobilenumber', 'text', (u) => u.alternateMobileNumber],
  ['emailid', 'text', (u) => u.emailId],
  ['gender', 'smallint', (u) => u.gender],
  ['dob', 'timestamp', (u) => (u.dob === null ? null : `${u.dob} 00:00:00`)],
  ['pan', 'text', (u) => u.pan],
  ['aadhaarnumber', 'text', (u) => u.aadhaarNumber],
  ['guardian', 'text', (u) => u.guardian],
  ['guardianrelation', 'text', (u) => u.guardianRelation],
  ['bloodgroup', 'text', (u) => u.bloodGroup],
  ['signature', 'text', (u) => u.signature],
  ['photo', 'text', (u) => u.photo],
  ['identificationmark', 'text', (u) => u.identificationMark],
  ['countrycode', 'text', (u) => u.countryCode],
  ['active', 'boolean', (u) => u.active],
  ['accountlocked', 'boolean', (u) => u.accountLocked],
  ['accountlockeddate', 'bigint', (u) => u.accountLockedDate],
  ['pwdexpirydate', 'timestamp', (u) => wallClock(u.pwdExpiryDate)],
  ['createddate', 'timestamp', (u) => wallClock(u.createdDate)],
  ['lastmodifieddate', 'timestamp', (u) => wallClock(u.lastModifiedDate)],
  ['createdby', 'bigint', (u) => u.createdBy],
  ['lastmodifiedby', 'bigint', (u) => u.lastModifiedBy],
];

interface AddressRow {
  user: EgovUser;
  address: EgovAddress;
}
const ADDRESS_COLUMNS: [string, string, (row: AddressRow) => unknown][] = [
  ['id', 'bigint', (r) => r.address.id],
  ['type', 'text', (r) => r.address.type],
  ['address', 'text', (r) => r.address.address],
  ['city', 'text', (r) => r.address.city],
  ['pincode', 'text', (r) => r.address.pincode],
  ['userid', 'bigint', (r) => r.user.id],
  ['tenantid', 'text', (r) => r.user.tenantId],
  ['createddate', 'timestamp', (r) => wallClock(r.address.createdDate)],
  ['lastmodifieddate', 'timestamp', (r) => wallClock(r.address.lastModifiedDate)],
  ['createdby', 'bigint', (r) => r.address.createdBy],
  ['lastmodifiedby', 'bigint', (r) => r.address.lastModifiedBy],
];

interface RoleRow {
  user: EgovUser;
  role: EgovRole;
}
const ROLE_COLUMNS: [string, string, (row: RoleRow) => unknown][] = [
  ['role_code', 'text', (r) => r.role.code],
  ['role_tenantid', 'text', (r) => r.role.tenantId],
  ['user_id', 'bigint', (r) => r.user.id],
  ['user_tenantid', 'text', (r) => r.user.tenantId],
  ['lastmodifieddate', 'timestamp', (r) => wallClock(r.user.lastModifiedDate)],
];

async function insertRows<Row>(
  client: ClientBase,
  table: string,
  columns: [string, string, (row: Row) => unknown][],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([column]) => column).join(', ');
  const arrays = columns.map(([, type], k) => `$${k + 1}::${type}[]`).join(', ');
  await client.query(
    `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`,
    columns.map(([, , value]) => rows.map(value)),
  );
}

/**
 * Adds users, with their address and role rows, to egov-user's schema (createEgovSchema), in one transaction;
 * then moves egov-user's sequences past the highest ids, as egov-user's own inserts would have.
 */
export async function insertEgovUsers(client: ClientBase, users: readonly EgovUser[]): Promise<void> {
  await inTransaction(client, async () => {
    await insertRowsOf(client, users, { analyzeUsers: true });
  });
}

async function inTransaction(client: ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** INSERT … SELECT FROM unnest(arrays), a chunk at a time: users, then addresses, then roles. */
async function insertRowsOf(
  client: ClientBase,
  users: readonly EgovUser[],
  options: { analyzeUsers?: boolean } = {},
): Promise<void> {
  const chunks = <Row>(rows: readonly Row[]) =>
    Array.from({ length: Math.ceil(rows.length / INSERT_CHUNK) }, (_, k) =>
      rows.slice(k * INSERT_CHUNK, (k + 1) * INSERT_CHUNK),
    );
  for (const chunk of chunks(users)) await insertRows(client, 'eg_user', USER_COLUMNS, chunk);
  // With the foreign keys in place, the checks of the address and role rows plan their lookup into eg_user once per
  // session; planned while eg_user still looks empty they scan it sequentially, one scan per row (47 s instead of
  // 1 s at 10,000 users).
  if (options.analyzeUsers) await client.query('ANALYZE eg_user');
  const addresses = users.flatMap((user) => user.addresses.map((address) => ({ user, address })));
  for (const chunk of chunks(addresses)) await insertRows(client, 'eg_user_address', ADDRESS_COLUMNS, chunk);
  const roles = users.flatMap((user) => user.roleRows.map((role) => ({ user, role })));
  for (const chunk of chunks(roles)) await insertRows(client, 'eg_userrole_v1', ROLE_COLUMNS, chunk);
  await client.query(`SELECT setval('seq_eg_user', COALESCE((SELECT max(id) FROM eg_user), 1))`);
  await client.query(`SELECT setval('seq_eg_user_address', COALESCE((SELECT max(id) FROM eg_user_address), 1))`);
}
