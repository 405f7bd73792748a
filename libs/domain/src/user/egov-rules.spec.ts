import type { EgovUserFields } from './egov-rules';
import {
  passwordPolicyViolations,
  egovUserViolations,
  formatEgovDate,
  fullNameOf,
  parseEgovDate,
  splitFullName,
} from './egov-rules';

const OPTIONS = { mobilePattern: /^[0-9]{10}$/, now: new Date('2024-06-15T12:00:00Z') };

const fieldsAtFault = (user: EgovUserFields): string[] =>
  egovUserViolations(user, OPTIONS).map((violation) => violation.field);

describe('egovUserViolations', () => {
  it('accepts a complete valid user', () => {
    expect(
      egovUserViolations(
        {
          tenantId: 'pb.amritsar',
          userName: '9876543210',
          name: "Asha D'Souza-Kaur",
          profile: {
            mobile: '9876543210',
            altContactNumber: '9123456789',
            email: 'asha@example.org',
            gender: 'FEMALE',
            dateOfBirth: '1990-02-28',
            relationship: 'FATHER',
            fatherOrHusbandName: 'Ravi Kaur',
            bloodGroup: 'AB+',
            pan: 'ABCDE1234F',
            aadhaarNumber: '123456789012',
            permanentAddress: '12 Mall Road',
            permanentCity: 'St. Amritsar',
            permanentPinCode: '143001',
            correspondenceAddress: '12 Mall Road',
            correspondenceCity: 'Amritsar',
            correspondencePinCode: '143001',
          },
        },
        OPTIONS,
      ),
    ).toEqual([]);
  });

  it('checks nothing that is absent or null', () => {
    expect(egovUserViolations({}, OPTIONS)).toEqual([]);
    expect(
      egovUserViolations({ tenantId: null, name: null, profile: { mobile: null, email: null, gender: null } }, OPTIONS),
    ).toEqual([]);
  });

  it.each<[string, EgovUserFields, string]>([
    ['a name over 50 characters', { name: 'a'.repeat(51) }, 'name'],
    ['a name with markup', { name: '<script>' }, 'name'],
    ['a first name with symbols', { profile: { firstName: 'Ada$' } }, 'firstName'],
    ['a mobile number off the pattern', { profile: { mobile: '98765' } }, 'mobile'],
    ['an alternate number off the pattern', { profile: { altContactNumber: '+91 98765 43210' } }, 'altContactNumber'],
    ['an e-mail without a domain', { profile: { email: 'asha@' } }, 'email'],
    ['an e-mail without a dot in the domain', { profile: { email: 'asha@localhost' } }, 'email'],
    ['an e-mail over 128 characters', { profile: { email: `${'a'.repeat(120)}@example.org` } }, 'email'],
    ['an unknown gender', { profile: { gender: 'UNKNOWN' } }, 'gender'],
    ['a pin code starting with 0', { profile: { permanentPinCode: '043001' } }, 'permanentPinCode'],
    ['a pin code of 5 digits', { profile: { correspondencePinCode: '14300' } }, 'correspondencePinCode'],
    ['a city with digits', { profile: { permanentCity: 'Sector 17' } }, 'permanentCity'],
    ['a tenant with digits', { tenantId: 'pb.ward1' }, 'tenantId'],
    ['a tenant with an empty part', { tenantId: 'pb..amritsar' }, 'tenantId'],
    ['a date of birth in the future', { profile: { dateOfBirth: '2024-06-16' } }, 'dateOfBirth'],
    ['a date of birth that is no real day', { profile: { dateOfBirth: '1990-02-30' } }, 'dateOfBirth'],
    ['a permanent address over 300 characters', { profile: { permanentAddress: 'a'.repeat(301) } }, 'permanentAddress'],
    [
      'a correspondence address over 300 characters',
      { profile: { correspondenceAddress: 'a'.repeat(301) } },
      'correspondenceAddress',
    ],
    ['an unknown relationship', { profile: { relationship: 'COUSIN' as never } }, 'relationship'],
    ['an unknown blood group', { profile: { bloodGroup: 'C+' as never } }, 'bloodGroup'],
    ['a malformed PAN', { profile: { pan: '1234567890' } }, 'pan'],
    ['an Aadhaar number of 11 digits', { profile: { aadhaarNumber: '12345678901' } }, 'aadhaarNumber'],
    ['a blank userName', { userName: '   ' }, 'userName'],
    ['a userName over 180 characters', { userName: 'u'.repeat(181) }, 'userName'],
    ['a userName with a control character', { userName: 'ada\u0000' }, 'userName'],
  ])('rejects %s', (_, user, field) => {
    expect(fieldsAtFault(user)).toEqual([field]);
  });

  it('reports every violation, each with a message', () => {
    const violations = egovUserViolations(
      { name: 'a'.repeat(51), profile: { gender: 'X', permanentPinCode: '1' } },
      OPTIONS,
    );
    expect(violations.map((violation) => violation.field)).toEqual(['name', 'gender', 'permanentPinCode']);
    for (const violation of violations) expect(violation.message.length).toBeGreaterThan(0);
  });

  it('uses the configured mobile pattern', () => {
    expect(
      egovUserViolations({ profile: { mobile: '+4915112345678' } }, { ...OPTIONS, mobilePattern: /^\+[0-9]{8,15}$/ }),
    ).toEqual([]);
  });

  it('accepts a date of birth of today and a name of exactly 50 characters', () => {
    expect(fieldsAtFault({ name: 'a'.repeat(50), profile: { dateOfBirth: '2024-06-15' } })).toEqual([]);
  });
});

describe('parseEgovDate / formatEgovDate', () => {
  it('turns dd/MM/yyyy into YYYY-MM-DD', () => {
    expect(parseEgovDate('28/02/1990')).toBe('1990-02-28');
    expect(parseEgovDate('29/02/2000')).toBe('2000-02-29');
  });

  it.each(['30/02/1990', '29/02/1900', '1990-02-28', '1/2/1990', '28/13/1990', '00/01/1990', 'yesterday', ''])(
    'rejects %j',
    (text) => {
      expect(parseEgovDate(text)).toBeNull();
    },
  );

  it('formats back', () => {
    expect(formatEgovDate('1990-02-28')).toBe('28/02/1990');
  });
});

describe('passwordPolicyViolations', () => {
  const codes = (password: string) => passwordPolicyViolations(password).map((violation) => violation.code);

  it.each(['Passw0rd@', 'aB3$efgh', 'Abcdefghijk1#mn'])('accepts %s', (password) => {
    expect(passwordPolicyViolations(password)).toEqual([]);
  });

  it.each(['aB3$efg', 'Abcdefghijk1#mno'])('rejects %j as INVALID_PWD_LENGTH only', (password) => {
    expect(codes(password)).toEqual(['INVALID_PWD_LENGTH']);
  });

  it.each(['abc', ''])('names both rules %j breaks', (password) => {
    expect(codes(password)).toEqual(['INVALID_PWD_LENGTH', 'INVALID_PWD_PATTERN']);
  });

  it.each([
    ['no digit', 'Password@x'],
    ['no lower case', 'PASSW0RD@'],
    ['no upper case', 'passw0rd@'],
    ['no special character', 'Passw0rdx'],
    ['only other special characters', 'Passw0rd!'],
    ['a space', 'Passw0rd @'],
    ['a tab', 'Passw0rd\t@'],
  ])('rejects a password with %s as INVALID_PWD_PATTERN', (_, password) => {
    expect(codes(password)).toEqual(['INVALID_PWD_PATTERN']);
  });

  it('never repeats the password in its messages', () => {
    for (const violation of passwordPolicyViolations('Pass word')) expect(violation.message).not.toContain('Pass word');
  });
});

describe('splitFullName / fullNameOf', () => {
  it.each([
    ['Asha Kaur', { firstName: 'Asha', lastName: 'Kaur' }],
    ['Asha Rani Kaur', { firstName: 'Asha Rani', lastName: 'Kaur' }],
    ['  Asha   Rani  Kaur ', { firstName: 'Asha Rani', lastName: 'Kaur' }],
    ['Asha', { firstName: 'Asha', lastName: '' }],
    ['', { firstName: '', lastName: '' }],
  ])('splits %j', (name, split) => {
    expect(splitFullName(name)).toEqual(split);
  });

  it('joins first, middle and last name, skipping empty ones', () => {
    expect(fullNameOf({ firstName: 'Asha', middleName: 'Rani', lastName: 'Kaur' })).toBe('Asha Rani Kaur');
    expect(fullNameOf({ firstName: 'Asha', middleName: null, lastName: '' })).toBe('Asha');
    expect(fullNameOf({ firstName: '', middleName: ' ', lastName: 'Kaur' })).toBe('Kaur');
  });

  it('round-trips a name through the split', () => {
    expect(fullNameOf(splitFullName('Asha Rani Kaur'))).toBe('Asha Rani Kaur');
  });
});
