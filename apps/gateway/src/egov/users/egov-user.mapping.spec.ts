import type { EgovUserRecord } from '@roster/user-service-contract';
import type { EgovValidationError } from '../egov-errors';
import { Violations } from '../egov-errors';
import type { EgovUserPurpose } from './egov-user.input';
import { egovUserInputOf } from './egov-user.input';
import { egovTokenUserOf, egovUserDetailsOf, egovUserOf } from './egov-user.output';

const RULES = { mobilePattern: /^[0-9]{10}$/, now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC' };

function parse(user: unknown, purpose: EgovUserPurpose = 'createNoValidate', path = 'user') {
  const violations = new Violations();
  const input = egovUserInputOf(user, path, purpose, RULES, violations);
  try {
    violations.throwIfAny();
    return { input, violations: [] };
  } catch (error) {
    return {
      input,
      violations: (error as EgovValidationError).violations.map(({ field, code }) => `${field} ${code}`),
    };
  }
}

const employee = {
  userName: 'EMP1',
  name: 'Rita Devi Verma',
  mobileNumber: '9876543210',
  emailId: 'rita@example.com',
  gender: 'female',
  dob: '17/05/1985',
  type: 'EMPLOYEE',
  tenantId: 'pb.amritsar',
  active: true,
  password: 'Empl0yee@Pw',
  roles: [{ code: 'EMPLOYEE', name: 'Employee', tenantId: 'pb.amritsar' }],
  permanentPinCode: '143001',
  bloodGroup: 'o+',
};

describe('egov user input', () => {
  it('maps egov names to the domain (mobileNumber → mobile, emailId → email, dob dd/MM/yyyy → dateOfBirth) and upper-cases enums', () => {
    expect(parse(employee)).toEqual({
      violations: [],
      input: {
        userName: 'EMP1',
        name: 'Rita Devi Verma',
        type: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
        active: true,
        password: 'Empl0yee@Pw',
        roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
        profile: {
          mobile: '9876543210',
          email: 'rita@example.com',
          gender: 'FEMALE',
          dateOfBirth: '1985-05-17',
          permanentPinCode: '143001',
          bloodGroup: 'O+',
        },
      },
    });
  });

  it('matches field names case-insensitively and ignores unknown ones', () => {
    const { input } = parse({
      ...employee,
      MobileNumber: '9999999999',
      createdDate: '01-01-2020 10:00:00',
      shoeSize: 44,
    });
    expect(input?.profile?.mobile).toBe('9876543210'); // the first spelling wins
    expect(input).not.toHaveProperty('shoeSize');
    expect(parse({ TENANTID: 'pb', NAME: 'Asha', TYPE: 'citizen', MOBILENUMBER: '9876543210' }).input).toMatchObject({
      tenantId: 'pb',
      name: 'Asha',
      type: 'CITIZEN',
      profile: { mobile: '9876543210' },
    });
  });

  it('accepts yyyy-MM-dd dates (what egov searches answered) and reads null or "" as a cleared field', () => {
    expect(
      parse({ uuid: 'u-1', dob: '1985-05-17', emailId: '', altContactNumber: null }, 'updateCitizen').input?.profile,
    ).toEqual({
      dateOfBirth: '1985-05-17',
      email: null,
      altContactNumber: null,
    });
  });

  it("keeps egov-user's second alternate number (alternatemobilenumber), checked like a mobile number", () => {
    expect(parse({ uuid: 'u-1', alternatemobilenumber: '9000000001' }, 'updateCitizen').input?.profile).toEqual({
      alternateMobileNumber: '9000000001',
    });
    expect(parse({ uuid: 'u-1', alternatemobilenumber: '12' }, 'updateCitizen').violations).toEqual([
      'user.alternatemobilenumber INVALID_FIELD',
    ]);
  });

  it('keeps dob and bloodGroup when they arrive null, as egov-user did (property-services sends every other field null)', () => {
    const alternateNumberUpdate = { uuid: 'u-1', name: 'Ram', dob: null, bloodGroup: null, gender: null, pan: null };
    expect(parse(alternateNumberUpdate, 'updateNoValidate').input?.profile).toEqual({ gender: null, pan: null });
    expect(parse({ uuid: 'u-1', dob: '' }, 'updateCitizen').input?.profile).toBeUndefined();
  });

  it('finds the user of an update by uuid: the numeric id, dates and actors that HRMS sends back are ignored', () => {
    const echoed = {
      uuid: 'u-7',
      id: 42,
      createdDate: 1700000000000,
      createdBy: '23',
      lastModifiedDate: null,
      roles: [{ code: 'EMPLOYEE' }],
    };
    const { input, violations } = parse(echoed, 'updateNoValidate');
    expect(violations).toEqual([]);
    expect(input).toEqual({ uuid: 'u-7', roles: [{ code: 'EMPLOYEE' }] });
  });

  it('reads a dob sent as epoch ms (HRMS sends a Long) as the day it falls on in the egov zone', () => {
    const istMidnight = Date.parse('1990-03-12T00:00:00+05:30');
    expect(parse({ uuid: 'u-1', dob: istMidnight }, 'updateCitizen').input?.profile).toEqual({
      dateOfBirth: '1990-03-11',
    });
    expect(
      egovUserInputOf(
        { uuid: 'u-1', dob: istMidnight },
        'user',
        'updateCitizen',
        { ...RULES, timeZone: 'Asia/Kolkata' },
        new Violations(),
      )?.profile,
    ).toEqual({
      dateOfBirth: '1990-03-12',
    });
    expect(parse({ uuid: 'u-1', dob: 1.5 }, 'updateCitizen').violations).toEqual(['user.dob INVALID_FIELD']);
  });

  it('registers a citizen under the number it signs in with: a numeric username is the mobile number (DIGIT UI)', () => {
    const ui = { name: 'Asha Rani', username: '9876543210', otpReference: '123456', tenantId: 'pb' };
    const { input, violations } = parse(ui, 'registerCitizen');
    expect(violations).toEqual([]);
    expect(input).toMatchObject({ userName: '9876543210', profile: { mobile: '9876543210' } });
    expect(parse({ ...ui, mobileNumber: '9000000000' }, 'registerCitizen').input?.profile?.mobile).toBe('9876543210');
    expect(
      parse({ ...ui, username: 'asha', mobileNumber: '9000000000' }, 'registerCitizen').input?.profile?.mobile,
    ).toBe('9000000000');
  });

  it('names every field that breaks a rule, in egov spelling', () => {
    const { violations } = parse({
      ...employee,
      name: 'R$ta',
      mobileNumber: '12345',
      emailId: 'nope',
      gender: 'X',
      dob: '31/02/1985',
      permanentPinCode: '012345',
      tenantId: 'pb.1',
      relationship: 'COUSIN',
    });
    expect(violations.sort()).toEqual(
      [
        'user.name INVALID_FIELD',
        'user.mobileNumber INVALID_FIELD',
        'user.emailId INVALID_FIELD',
        'user.gender INVALID_FIELD',
        'user.dob INVALID_FIELD',
        'user.permanentPinCode INVALID_FIELD',
        'user.tenantId INVALID_FIELD',
        'user.relationship INVALID_FIELD',
      ].sort(),
    );
  });

  it('names fields of the wrong JSON type', () => {
    expect(parse({ ...employee, name: 5, roles: 'x', active: 'maybe' }).violations.sort()).toEqual(
      ['user.active INVALID_FIELD', 'user.name INVALID_FIELD', 'user.roles INVALID_FIELD'].sort(),
    );
    expect(
      parse({ ...employee, roles: ['EMPLOYEE', { name: 'no code' }] }, 'createNoValidate', 'users[2]').violations,
    ).toEqual(['users[2].roles[0] INVALID_FIELD', 'users[2].roles[1].code MISSING_FIELD']);
    expect(parse('a user', 'createNoValidate').violations).toEqual(['user INVALID_FIELD']);
  });

  it("checks the password policy with egov-user's two codes", () => {
    expect(parse({ ...employee, password: 'Sh0rt@' }).violations).toEqual(['user.password INVALID_PWD_LENGTH']);
    expect(parse({ ...employee, password: 'nouppercase1@' }).violations).toEqual(['user.password INVALID_PWD_PATTERN']);
    expect(parse({ ...employee, password: 'abc' }).violations).toEqual([
      'user.password INVALID_PWD_LENGTH',
      'user.password INVALID_PWD_PATTERN',
    ]);
  });

  it('requires what each endpoint needs', () => {
    expect(parse({ name: 'Asha' }, 'registerCitizen').violations.sort()).toEqual(
      ['user.mobileNumber MISSING_FIELD', 'user.otpReference MISSING_FIELD', 'user.tenantId MISSING_FIELD'].sort(),
    );
    expect(parse({ name: ' ', tenantId: 'pb', type: 'EMPLOYEE' }).violations.sort()).toEqual([
      'user.name MISSING_FIELD',
      'user.userName MISSING_FIELD',
    ]);
    expect(parse({ name: 'Asha', tenantId: 'pb', type: 'CITIZEN', mobileNumber: '9876543210' }).violations).toEqual([]);
    expect(parse({ uuid: 'u-1', roles: [] }, 'updateNoValidate').violations).toEqual(['user.roles MISSING_FIELD']);
    expect(parse({ name: 'No Uuid' }, 'updateCitizen').violations).toEqual(['user.uuid MISSING_FIELD']);
    expect(parse({ name: 'Own Profile' }, 'updateProfile').violations).toEqual([]);
    expect(parse(undefined, 'updateProfile').violations).toEqual(['user MISSING_FIELD']);
  });
});

describe('egov user answer', () => {
  const record: EgovUserRecord = {
    uuid: '0b8f5b7e-3c39-4b9b-8a7e-2f1d0c9e8a11',
    numericId: 42,
    tenantId: 'pb',
    type: 'CITIZEN',
    userName: '9876543210',
    name: 'Asha Rani',
    profile: {
      firstName: 'Asha',
      lastName: 'Rani',
      mobile: '9876543210',
      email: 'asha@example.com',
      dateOfBirth: '1990-01-31',
      permanentCity: 'Amritsar',
      alternateMobileNumber: '9000000001',
    },
    roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
    active: true,
    accountLocked: true,
    accountLockedUntil: '2026-01-01T01:00:00.000Z',
    passwordExpiresAt: '2026-03-31T00:00:00.000Z',
    createdBy: null,
    createdByNumericId: null,
    createdAt: '2025-12-01T00:00:00.000Z',
    lastModifiedBy: 'a1',
    lastModifiedByNumericId: 7,
    updatedAt: '2025-12-02T08:09:10.000Z',
  };
  const options = { lockMs: 60 * 60 * 1000, timeZone: 'UTC', dob: 'yyyy-MM-dd' } as const;

  it("has egov-user's names and types: numeric ids, dd-MM-yyyy HH:mm:ss times, epoch-ms lock date", () => {
    expect(egovUserOf(record, options)).toMatchObject({
      id: 42,
      uuid: record.uuid,
      userName: '9876543210',
      name: 'Asha Rani',
      mobileNumber: '9876543210',
      emailId: 'asha@example.com',
      dob: '1990-01-31',
      permanentCity: 'Amritsar',
      correspondenceCity: null,
      alternatemobilenumber: '9000000001',
      type: 'CITIZEN',
      roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
      active: true,
      accountLocked: true,
      accountLockedDate: Date.parse('2026-01-01T00:00:00.000Z'),
      pwdExpiryDate: '31-03-2026 00:00:00',
      tenantId: 'pb',
      createdBy: null,
      createdDate: '01-12-2025 00:00:00',
      lastModifiedBy: 7,
      lastModifiedDate: '02-12-2025 08:09:10',
    });
  });

  it("writes dob as the answer's contract class does, and times in the configured zone", () => {
    expect(egovUserOf(record, { ...options, dob: 'dd/MM/yyyy' }).dob).toBe('31/01/1990');
    expect(egovUserOf(record, { ...options, timeZone: 'Asia/Kolkata' }).lastModifiedDate).toBe('02-12-2025 13:39:10');
  });

  it('the token user and the details are the shapes the DIGIT UI and API gateway read', () => {
    expect(egovTokenUserOf(record)).toEqual({
      id: 42,
      uuid: record.uuid,
      userName: '9876543210',
      name: 'Asha Rani',
      mobileNumber: '9876543210',
      emailId: 'asha@example.com',
      locale: null,
      type: 'CITIZEN',
      roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
      active: true,
      tenantId: 'pb',
      permanentCity: 'Amritsar',
    });
    const { permanentCity: _city, ...details } = egovTokenUserOf(record);
    expect(egovUserDetailsOf(record)).toEqual({ ...details, actions: null });
  });

  it('never carries a password, OTP or the domain names', () => {
    const keys = Object.keys(egovUserOf({ ...record, accountLockedUntil: null, passwordExpiresAt: null }, options));
    for (const secret of ['password', 'otpReference', 'passwordHash', 'profile', 'mobile', 'email', 'firstName'])
      expect(keys).not.toContain(secret);
  });
});
