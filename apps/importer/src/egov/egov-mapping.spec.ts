import type { EgovAddressRow, EgovMappingContext, EgovRoleRow, EgovUserRow } from './egov-mapping';
import { egovRecordOf } from './egov-mapping';

const NOW = new Date('2026-01-15T12:00:00.000Z');
const HOUR = 3_600_000;
const BCRYPT = '$2a$10$' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0';

const context: EgovMappingContext = {
  lockMs: HOUR,
  passwordExpiryDays: 90,
  mobilePattern: /^[0-9]{10}$/,
  now: NOW,
  uuidOfEgovId: (id) => (id === '7' ? 'c0ffee00-0000-4000-8000-000000000007' : null),
};

function row(overrides: Partial<EgovUserRow> = {}): EgovUserRow {
  return {
    id: '1042',
    tenantid: 'pb',
    uuid: 'a3786b7f-9c4e-4dfb-88bb-ae56833c7b02',
    username: '9876543210',
    password: BCRYPT,
    type: 'CITIZEN',
    name: 'Asha  Rani Kaur',
    salutation: 'Ms',
    dob: '1990-04-01',
    locale: 'en_IN',
    mobilenumber: '9876543210',
    altcontactnumber: '',
    alternatemobilenumber: null,
    emailid: 'asha@example.org',
    pan: 'ABCDE1234F',
    aadhaarnumber: '123412341234',
    guardian: 'Gurmeet Kaur',
    guardianrelation: 'MOTHER',
    bloodgroup: 'AB_NEGATIVE',
    gender: 1,
    signature: null,
    photo: 'c33034d2-aca3-4e8f-a6a2-7695a1b36725',
    identificationmark: 'Mole',
    active: true,
    accountlocked: false,
    accountlockeddate: '0',
    pwdexpirydate: '2026-03-01T10:00:00.000Z',
    createddate: '2020-01-01T00:00:37.123Z',
    lastmodifieddate: '2020-06-29T08:39:35.276Z',
    createdby: '7',
    lastmodifiedby: '99',
    ...overrides,
  };
}

const address = (type: string, overrides: Partial<EgovAddressRow> = {}): EgovAddressRow => ({
  type,
  address: `${type} street 1`,
  city: 'Amritsar',
  pincode: '143001',
  ...overrides,
});

const role = (code: string | null, tenant: string | null): EgovRoleRow => ({
  role_code: code,
  role_tenantid: tenant,
});

describe('egovRecordOf', () => {
  it('maps every egov-user column to the field the gateway answers it from', () => {
    const record = egovRecordOf(
      row(),
      [address('PERMANENT'), address('CORRESPONDENCE', { city: 'Ludhiana', pincode: '141001', address: null })],
      [
        role('CITIZEN', 'pb'),
        role('CITIZEN', 'pb'),
        role('GRO', 'pb.amritsar'),
        role('EMPLOYEE', null),
        role(null, 'pb'),
      ],
      context,
    );

    expect(record).toEqual({
      sourceId: '1042@pb',
      refused: null,
      warnings: [],
      candidate: {
        userId: 'a3786b7f-9c4e-4dfb-88bb-ae56833c7b02',
        tenantId: 'pb',
        userType: 'CITIZEN',
        userName: '9876543210',
        numericId: 1042,
        profile: {
          firstName: 'Asha Rani',
          lastName: 'Kaur',
          salutation: 'Ms',
          dateOfBirth: '1990-04-01',
          email: 'asha@example.org',
          mobile: '9876543210',
          gender: 'FEMALE',
          fatherOrHusbandName: 'Gurmeet Kaur',
          relationship: 'MOTHER',
          bloodGroup: 'AB-',
          pan: 'ABCDE1234F',
          aadhaarNumber: '123412341234',
          permanentAddress: 'PERMANENT street 1',
          permanentCity: 'Amritsar',
          permanentPinCode: '143001',
          correspondenceCity: 'Ludhiana',
          correspondencePinCode: '141001',
          locale: 'en_IN',
          photo: 'c33034d2-aca3-4e8f-a6a2-7695a1b36725',
          identificationMark: 'Mole',
        },
        roles: [
          { code: 'CITIZEN', tenantId: 'pb' },
          { code: 'GRO', tenantId: 'pb.amritsar' },
          { code: 'EMPLOYEE', tenantId: 'pb' },
        ],
        active: true,
        parentId: null,
        passwordHash: BCRYPT,
        passwordChangedAt: '2025-12-01T10:00:00.000Z',
        passwordExpiryApplies: false,
        lockedUntil: null,
        otpVerified: false,
        createdBy: 'c0ffee00-0000-4000-8000-000000000007',
        lastModifiedBy: null,
        createdAt: '2020-01-01T00:00:37.123Z',
        updatedAt: '2020-06-29T08:39:35.276Z',
      },
    });
  });

  it.each([
    [0, undefined],
    [null, undefined],
    [2, 'MALE'],
    [3, 'OTHERS'],
    [4, 'TRANSGENDER'],
  ])('reads gender code %s as %s', (code, gender) => {
    expect(egovRecordOf(row({ gender: code }), [], [], context).candidate?.profile.gender).toBe(gender);
  });

  it('reads empty enums and texts as absent, and a NULL active as inactive (as egov-user does)', () => {
    const { candidate } = egovRecordOf(
      row({ guardianrelation: '', bloodgroup: '', salutation: ' ', active: null, name: null }),
      [],
      [],
      context,
    );
    expect(candidate?.profile).not.toHaveProperty('relationship');
    expect(candidate?.profile).not.toHaveProperty('bloodGroup');
    expect(candidate?.profile).not.toHaveProperty('salutation');
    expect(candidate?.profile).toMatchObject({ firstName: '', lastName: '' });
    expect(candidate?.active).toBe(false);
  });

  it('keeps a lock while it lasts: until = accountlockeddate + the lock length', () => {
    const lockedAt = NOW.getTime() - 10 * 60_000;
    const locked = egovRecordOf(
      row({ accountlocked: true, accountlockeddate: String(lockedAt) }),
      [],
      [],
      context,
    ).candidate;
    expect(locked?.lockedUntil).toBe(new Date(lockedAt + HOUR).toISOString());
    const expired = egovRecordOf(
      row({ accountlocked: true, accountlockeddate: String(NOW.getTime() - 2 * HOUR) }),
      [],
      [],
      context,
    ).candidate;
    expect(expired?.lockedUntil).toBeNull();
    expect(
      egovRecordOf(row({ accountlocked: true, accountlockeddate: '0' }), [], [], context).candidate?.lockedUntil,
    ).toBeNull();
  });

  it('keeps BCrypt and argon2id hashes; anything else is dropped with a warning that names no hash', () => {
    const argon = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    expect(egovRecordOf(row({ password: argon }), [], [], context).candidate?.passwordHash).toBe(argon);
    const md5 = egovRecordOf(row({ password: '5f4dcc3b5aa765d61d8327deb882cf99' }), [], [], context);
    expect(md5.candidate).toMatchObject({ passwordHash: null, passwordChangedAt: null });
    expect(md5.warnings).toEqual([expect.objectContaining({ reason: 'password_hash_unsupported', field: 'password' })]);
    expect(JSON.stringify(md5.warnings)).not.toContain('5f4dcc3b');
  });

  it('keeps when a password was set, also when egov-user’s expiry is already past', () => {
    const setAt = (pwdexpirydate: string) =>
      egovRecordOf(row({ pwdexpirydate }), [], [], context).candidate?.passwordChangedAt;
    expect(setAt('2026-03-01T10:00:00.000Z')).toBe('2025-12-01T10:00:00.000Z');
    expect(setAt('2024-03-01T10:00:00.000Z')).toBe('2023-12-02T10:00:00.000Z');
    expect(egovRecordOf(row({ pwdexpirydate: null }), [], [], context).candidate?.passwordChangedAt).toBeNull();
  });

  it('falls back to lastmodifieddate, then now, for a missing createddate', () => {
    expect(egovRecordOf(row({ createddate: null }), [], [], context).candidate?.createdAt).toBe(
      '2020-06-29T08:39:35.276Z',
    );
    const neither = egovRecordOf(row({ createddate: null, lastmodifieddate: null }), [], [], context).candidate;
    expect(neither).toMatchObject({ createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
  });

  it.each([
    [{ uuid: null }, 'invalid_uuid', 'uuid'],
    [{ uuid: 'not-a-uuid' }, 'invalid_uuid', 'uuid'],
    [{ type: '' }, 'invalid_user_type', 'type'],
    [{ type: 'citizen' }, 'invalid_user_type', 'type'],
    [{ gender: 9 }, 'invalid_field', 'gender'],
    [{ mobilenumber: '12345' }, 'invalid_field', 'mobilenumber'],
    [{ emailid: 'not an address' }, 'invalid_field', 'emailid'],
    [{ pan: 'ABC' }, 'invalid_field', 'pan'],
    [{ dob: '2999-01-01' }, 'invalid_field', 'dob'],
    [{ guardianrelation: 'UNCLE' }, 'invalid_field', 'guardianrelation'],
    [{ bloodgroup: 'Z_POSITIVE' }, 'invalid_field', 'bloodgroup'],
    [{ name: 'Asha <script>' }, 'invalid_field', 'name'],
  ] as Array<[Partial<EgovUserRow>, string, string]>)('refuses %j: %s on %s', (overrides, reason, field) => {
    const record = egovRecordOf(row(overrides), [], [], context);
    expect(record.candidate).toBeNull();
    expect(record.refused).toMatchObject({ reason, field });
  });

  it('refuses an invalid address field naming the address row', () => {
    const record = egovRecordOf(row(), [address('PERMANENT', { pincode: '0123' })], [], context);
    expect(record.refused).toMatchObject({ reason: 'invalid_field', field: 'eg_user_address.pincode (PERMANENT)' });
  });

  it('trims a legacy char(36) uuid', () => {
    const record = egovRecordOf(row({ uuid: ' a3786b7f-9c4e-4dfb-88bb-ae56833c7b02 ' }), [], [], context);
    expect(record.candidate?.userId).toBe('a3786b7f-9c4e-4dfb-88bb-ae56833c7b02');
  });
});
