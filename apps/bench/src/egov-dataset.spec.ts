import { verify } from '@node-rs/bcrypt';
import { egovUserViolations, splitFullName } from '@roster/domain';
import {
  EGOV_CITY_TENANTS,
  EGOV_FIRST_ID,
  EGOV_GENDER_CODES,
  EGOV_KNOWN_PASSWORDS,
  EGOV_STATE_TENANT,
  EGOV_USER_SCHEMA,
  type EgovUser,
  type KnownPassword,
  egovDataset,
  egovIdOf,
  hashEgovPasswords,
} from './egov-dataset';

// Hashing is the slow part (~50 ms a hash): once for the file.
let passwords: KnownPassword[];
beforeAll(async () => {
  passwords = await hashEgovPasswords();
});

const NOW = new Date('2026-03-01T10:00:00.000Z');
const USERS = 2_000;

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** The user in the domain's field names, as Roster's egov rules read them. */
function asEgovFields(user: EgovUser) {
  const [permanent, correspondence] = user.addresses;
  return {
    tenantId: user.tenantId,
    userName: user.userName,
    name: user.name,
    profile: {
      ...splitFullName(user.name),
      mobile: user.mobileNumber,
      altContactNumber: user.altContactNumber,
      alternateMobileNumber: user.alternateMobileNumber,
      email: user.emailId,
      gender: EGOV_GENDER_CODES[user.gender],
      dateOfBirth: user.dob,
      pan: user.pan,
      aadhaarNumber: user.aadhaarNumber,
      fatherOrHusbandName: user.guardian,
      permanentAddress: permanent.address,
      permanentCity: permanent.city,
      permanentPinCode: permanent.pincode,
      correspondenceAddress: correspondence.address,
      correspondenceCity: correspondence.city,
      correspondencePinCode: correspondence.pincode,
    },
  };
}

describe('egovDataset', () => {
  it('hashes every known password as egov-user does ($2a$, cost 10), and each verifies', async () => {
    expect(passwords.map((known) => known.password)).toEqual([...EGOV_KNOWN_PASSWORDS]);
    for (const known of passwords) {
      expect(known.hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
      expect(await verify(known.password, known.hash)).toBe(true);
      expect(await verify(`${known.password}x`, known.hash)).toBe(false);
    }
  });

  it('is deterministic: the same options give the same users', () => {
    const first = egovDataset({ users: 300, passwords, now: NOW, specials: true });
    const second = egovDataset({ users: 300, passwords, now: NOW, specials: true });
    expect(second).toEqual(first);
    expect(egovDataset({ users: 300, passwords, now: NOW }).users[7]).toEqual(first.users[7]);
  });

  it('gives rising ids from firstId with gaps, and distinct v4 uuids', () => {
    const { users } = egovDataset({ users: USERS, passwords });
    expect(users[0].id).toBe(EGOV_FIRST_ID);
    expect(users.map((user) => user.id)).toEqual(users.map((_, index) => egovIdOf(index)));
    expect(users[49].id + 1).toBe(users[50].id - 1); // one gap in 50
    expect(users.every((user, k) => k === 0 || user.id > users[k - 1].id)).toBe(true);
    expect(duplicates(users.map((user) => user.uuid))).toEqual([]);
    expect(
      users.every((user) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(user.uuid)),
    ).toBe(true);
    expect(egovDataset({ users: 3, passwords, firstId: 5000 }).users.map((user) => user.id)).toEqual([
      5000, 5001, 5002,
    ]);
  });

  it('shapes citizens and employees like egov-user: tenants, userNames, roles, both address rows', () => {
    const { users } = egovDataset({ users: USERS, passwords });
    const citizens = users.filter((user) => user.type === 'CITIZEN');
    const employees = users.filter((user) => user.type === 'EMPLOYEE');
    expect(employees.length).toBe(USERS / 5);
    for (const citizen of citizens) {
      expect(citizen.tenantId).toBe(EGOV_STATE_TENANT);
      expect(citizen.userName).toBe(citizen.mobileNumber);
      expect(citizen.roleRows).toEqual([{ code: 'CITIZEN', tenantId: EGOV_STATE_TENANT }]);
    }
    for (const employee of employees) {
      expect(EGOV_CITY_TENANTS).toContain(employee.tenantId);
      expect(employee.userName).toMatch(/^EMP-(AMR|JAL)-\d{6}$/);
      expect(employee.roleRows[0]).toEqual({ code: 'EMPLOYEE', tenantId: employee.tenantId });
    }
    // Some employees hold a role at another tenant, some a role row twice (eg_userrole_v1 has no key).
    expect(employees.some((e) => e.roleRows.some((role) => role.tenantId !== e.tenantId))).toBe(true);
    expect(
      employees.some((e) => duplicates(e.roleRows.map((role) => `${role.code}@${role.tenantId}`)).length > 0),
    ).toBe(true);
    for (const user of users) {
      expect(user.addresses.map((address) => address.type)).toEqual(['PERMANENT', 'CORRESPONDENCE']);
      expect(user.addresses.every((address) => address.createdBy === user.id)).toBe(true);
    }
    expect(users.some((user) => user.addresses[1].address === null && user.addresses[1].city === null)).toBe(true);
    expect(duplicates(users.flatMap((user) => user.addresses.map((address) => address.id)))).toEqual([]);
    // egov-user's unique key (username, type, tenantid) holds.
    expect(duplicates(users.map((user) => `${user.userName}|${user.type}|${user.tenantId}`))).toEqual([]);
  });

  it('spells values as egov-user stores them', () => {
    const { users } = egovDataset({ users: USERS, passwords });
    const values = <K extends keyof EgovUser>(key: K) => new Set(users.map((user) => user[key]));
    expect(values('gender')).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(
      [...values('bloodGroup')].every((group) => group === '' || /^(A|B|AB|O)_(POSITIVE|NEGATIVE)$/.test(group)),
    ).toBe(true);
    expect(values('bloodGroup').has('')).toBe(true);
    expect(values('guardianRelation')).toEqual(new Set(['', 'FATHER', 'MOTHER', 'HUSBAND', 'OTHER']));
    expect(values('accountLockedDate').has(null)).toBe(true);
    expect(values('accountLockedDate').has(0)).toBe(true);
    expect(users.some((user) => !user.accountLocked && (user.accountLockedDate ?? 0) > 0)).toBe(true);
    expect(users.every((user) => user.dob === null || /^\d{4}-\d{2}-\d{2}$/.test(user.dob))).toBe(true);
    expect(users.every((user) => /^[6-9]\d{9}$/.test(user.mobileNumber ?? ''))).toBe(true);
    expect(users.every((user) => user.active && !user.accountLocked)).toBe(true);
    // createdby points at other users of the set: the first employee, or the clerk who registered a citizen.
    const ids = new Set(users.map((user) => user.id));
    const creators = users.map((user) => user.createdBy).filter((by): by is number => by !== null);
    expect(creators.length).toBeGreaterThan(USERS / 5);
    expect(creators.every((by) => ids.has(by))).toBe(true);
    expect(users[0].createdBy).toBeNull();
    // The password expires 90 days after it was last set (pwdexpirydate).
    for (const user of users.slice(0, 50)) {
      expect(Date.parse(user.pwdExpiryDate) - Date.parse(user.lastModifiedDate)).toBe(90 * 24 * 60 * 60 * 1000);
    }
  });

  it('hands each user one of the known passwords with its hash', () => {
    const { users } = egovDataset({ users: 10, passwords });
    for (const user of users) {
      expect(passwords).toContainEqual({ password: user.password, hash: user.passwordHash });
    }
    expect(new Set(users.map((user) => user.password)).size).toBe(passwords.length);
  });

  it('places the special users, and only they break the rules Roster checks', () => {
    const { users, special } = egovDataset({ users: USERS, passwords, now: NOW, specials: true });
    if (!special) throw new Error('specials were asked for');
    const nowMs = NOW.getTime();
    expect(special.employee.type).toBe('EMPLOYEE');
    expect(special.employee.roleRows.some((role) => role.tenantId !== special.employee.tenantId)).toBe(true);
    expect(special.citizen.type).toBe('CITIZEN');
    expect(special.locked).toMatchObject({ type: 'EMPLOYEE', accountLocked: true, active: true });
    expect(special.locked.accountLockedDate).toBe(nowMs - 5 * 60 * 1000);
    expect(special.inactive).toMatchObject({ active: false, accountLocked: false });
    expect(special.duplicateMobile.mobileNumber).toBe(special.mobileOwner.mobileNumber);
    expect(special.duplicateMobile.userName).not.toBe(special.mobileOwner.userName);
    expect(special.duplicateMobile.id).toBeGreaterThan(special.mobileOwner.id);
    expect(special.mobileOwner.type).toBe('CITIZEN');
    expect(special.duplicateMobile.type).toBe('CITIZEN');
    // Their passwords were set two days ago: not expired at NOW, so a login fails only for the reason the test means.
    for (const user of Object.values(special)) {
      expect(Date.parse(user.pwdExpiryDate)).toBeGreaterThan(nowMs);
    }
    const roleMobiles = users.filter((user) => user.type === 'CITIZEN').map((user) => user.mobileNumber);
    expect(duplicates(roleMobiles)).toEqual([special.mobileOwner.mobileNumber]);
    expect(duplicates(users.map((user) => `${user.userName}|${user.type}|${user.tenantId}`))).toEqual([]);

    const options = { mobilePattern: /^[6-9][0-9]{9}$/, now: NOW };
    const broken = users.filter((user) => egovUserViolations(asEgovFields(user), options).length > 0);
    expect(broken).toEqual([special.invalidField]);
    expect(egovUserViolations(asEgovFields(special.invalidField), options)).toEqual([
      { field: 'email', message: expect.any(String) },
    ]);
    // The special users sit where the shares put them, all in the first 70%.
    expect(Math.max(...Object.values(special).map((user) => user.index))).toBeLessThan(USERS * 0.7);
  });

  it('refuses specials in a set too small to hold them', () => {
    expect(() => egovDataset({ users: 19, passwords, specials: true })).toThrow(/at least 20 users/);
  });

  it('declares the egov-user tables with their keys', () => {
    expect(EGOV_USER_SCHEMA).toContain('CONSTRAINT eg_user_pkey PRIMARY KEY (id, tenantid)');
    expect(EGOV_USER_SCHEMA).toContain('CONSTRAINT eg_user_user_name_tenant UNIQUE (username, type, tenantid)');
    expect(EGOV_USER_SCHEMA).toContain('CONSTRAINT eg_user_address_type_unique UNIQUE (userid, tenantid, type)');
    expect(EGOV_USER_SCHEMA).toContain('CREATE SEQUENCE seq_eg_user ');
    expect(EGOV_USER_SCHEMA).toContain('CREATE TABLE eg_userrole_v1 (');
  });
});
