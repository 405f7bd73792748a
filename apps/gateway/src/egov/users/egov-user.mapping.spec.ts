import { EgovUserRecord } from '@roster/user-service';
import { EgovValidationError, Violations } from '../egov-errors';
import { EgovUserPurpose, egovUserInputOf } from './egov-user.input';
import { egovUserOf } from './egov-user.output';

const RULES = { mobilePattern: /^[0-9]{10}$/, now: new Date('2026-01-01T00:00:00Z') };

function parse(user: unknown, purpose: EgovUserPurpose = 'createNoValidate', path = 'user') {
  const violations = new Violations();
  const input = egovUserInputOf(user, path, purpose, RULES, violations);
  try {
    violations.throwIfAny();
    return { input, violations: [] };
  } catch (error) {
    return { input, violations: (error as EgovValidationError).violations.map(({ field, code }) => `${field} ${code}`) };
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
    const { input } = parse({ ...employee, MobileNumber: '9999999999', createdDate: '01-01-2020 10:00:00', shoeSize: 44 });
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
    expect(parse({ uuid: 'u-1', dob: '1985-05-17', emailId: '', altContactNumber: null }, 'updateCitizen').input?.profile).toEqual({
      dateOfBirth: '1985-05-17',
      email: null,
      altContactNumber: null,
    });
  });

  it('takes an egov `id` as the uuid', () => {
    expect(parse({ id: 'u-7', roles: [{ code: 'EMPLOYEE' }] }, 'updateNoValidate').input?.uuid).toBe('u-7');
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
    expect(parse({ ...employee, roles: ['EMPLOYEE', { name: 'no code' }] }, 'createNoValidate', 'users[2]').violations).toEqual([
      'users[2].roles[0] INVALID_FIELD',
      'users[2].roles[1].code MISSING_FIELD',
    ]);
    expect(parse('a user', 'createNoValidate').violations).toEqual(['user INVALID_FIELD']);
  });

  it("checks the password policy with egov-user's two codes", () => {
    expect(parse({ ...employee, password: 'Sh0rt@' }).violations).toEqual(['user.password INVALID_PWD_LENGTH']);
    expect(parse({ ...employee, password: 'nouppercase1@' }).violations).toEqual(['user.password INVALID_PWD_PATTERN']);
  });

  it('requires what each endpoint needs', () => {
    expect(parse({ name: 'Asha' }, 'registerCitizen').violations.sort()).toEqual(
      ['user.mobileNumber MISSING_FIELD', 'user.otpReference MISSING_FIELD', 'user.tenantId MISSING_FIELD'].sort(),
    );
    expect(parse({ name: ' ', tenantId: 'pb', type: 'EMPLOYEE' }).violations.sort()).toEqual(['user.name MISSING_FIELD', 'user.userName MISSING_FIELD']);
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
    tenantId: 'pb',
    type: 'CITIZEN',
    userName: '9876543210',
    name: 'Asha Rani',
    profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210', email: 'asha@example.com', dateOfBirth: '1990-01-31', permanentCity: 'Amritsar' },
    roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
    active: true,
    accountLocked: true,
    accountLockedUntil: '2026-01-01T01:00:00.000Z',
    passwordExpiresAt: '2026-03-31T00:00:00.000Z',
    createdBy: null,
    createdAt: '2025-12-01T00:00:00.000Z',
    lastModifiedBy: 'a1',
    updatedAt: '2025-12-02T00:00:00.000Z',
  };

  it('has egov names, id = uuid, dob dd/MM/yyyy and epoch-ms times', () => {
    expect(egovUserOf(record, 60 * 60 * 1000)).toMatchObject({
      id: record.uuid,
      uuid: record.uuid,
      userName: '9876543210',
      name: 'Asha Rani',
      mobileNumber: '9876543210',
      emailId: 'asha@example.com',
      dob: '31/01/1990',
      permanentCity: 'Amritsar',
      correspondenceCity: null,
      type: 'CITIZEN',
      roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
      active: true,
      accountLocked: true,
      accountLockedDate: Date.parse('2026-01-01T00:00:00.000Z'),
      pwdExpiryDate: Date.parse('2026-03-31T00:00:00.000Z'),
      tenantId: 'pb',
      createdDate: Date.parse('2025-12-01T00:00:00.000Z'),
      lastModifiedBy: 'a1',
      lastModifiedDate: Date.parse('2025-12-02T00:00:00.000Z'),
    });
  });

  it('never carries a password, OTP or the domain names', () => {
    const keys = Object.keys(egovUserOf({ ...record, accountLockedUntil: null, passwordExpiresAt: null }, 0));
    for (const secret of ['password', 'otpReference', 'passwordHash', 'profile', 'mobile', 'email', 'firstName']) expect(keys).not.toContain(secret);
  });
});
