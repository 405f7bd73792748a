import { UNSET_EGOV_FIELDS } from '../testing/fixtures';
import type { UserView } from '../user-view';
import { compareKeys, decodePosition, documentOfView, encodePosition, viewOfDocument } from './user-view-document';

const view: UserView = {
  id: 'u-3',
  tenantId: 'tenant-a',
  userType: 'CITIZEN',
  userName: 'ada',
  firstName: 'Ada',
  middleName: null,
  lastName: 'Lovelace',
  dateOfBirth: null,
  email: 'Ada@Example.COM',
  mobile: '+4470000001',
  gender: null,
  nationality: null,
  address: { city: 'London' },
  ...UNSET_EGOV_FIELDS,
  altContactNumber: '+4470000002',
  roles: [
    { code: 'EMPLOYEE', tenantId: 'pb.amritsar' },
    { code: 'EMPLOYEE', tenantId: 'pb.jalandhar' },
    { code: 'CSR', tenantId: 'pb' },
  ],
  parentId: 'u-2',
  ancestors: ['u-1', 'u-2'],
  depth: 2,
  revision: 4,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T01:00:00.000+01:00',
};

describe('user view documents', () => {
  it('store the view with the user id as _id, its path, and the case-folded search keys', () => {
    expect(documentOfView(view)).toMatchObject({
      _id: 'u-3',
      tenantId: 'tenant-a',
      email: 'Ada@Example.COM',
      path: 'u-1/u-2/',
      depth: 2,
      emailLc: 'ada@example.com',
      mobile: '+4470000001',
      fullNameLc: 'ada lovelace',
      lastNameLc: 'lovelace',
      lastNameFirst: false,
      updatedMs: Date.parse('2024-01-01T00:00:00.000Z'),
      revision: 4,
    });
    expect(documentOfView(view)).not.toHaveProperty('id');
    expect(documentOfView(view)).not.toHaveProperty('ancestors');
  });

  it('read back as the same view, without the stored keys', () => {
    expect(viewOfDocument(documentOfView(view))).toEqual(view);
    const root = { ...view, parentId: null, ancestors: [], depth: 0, email: null };
    expect(viewOfDocument(documentOfView(root))).toEqual(root);
  });

  it("store the egov search's keys: state-level tenant, folded user name and full name, distinct role codes", () => {
    const document = documentOfView({ ...view, tenantId: 'pb.amritsar', userName: 'Ada.L', middleName: 'Augusta' });

    expect(document).toMatchObject({
      stateTenant: 'pb',
      userNameLc: 'ada.l',
      nameLc: 'ada augusta lovelace',
      altContactNumber: '+4470000002',
      roleCodes: ['CSR', 'EMPLOYEE'],
      createdMs: Date.parse('2024-01-01T00:00:00.000Z'),
      active: true,
      userType: 'CITIZEN',
    });
    expect(documentOfView({ ...view, userName: null }).userNameLc).toBeNull();
  });

  it('flag whether the last name sorts before "first last"', () => {
    expect(documentOfView({ ...view, firstName: 'Zoe', lastName: 'Adams' }).lastNameFirst).toBe(true);
    expect(documentOfView({ ...view, firstName: 'Sam', lastName: 'Samson' }).lastNameFirst).toBe(false);
  });
});

describe('compareKeys', () => {
  it('orders strings by code point, as MongoDB orders their UTF-8 bytes', () => {
    const astral = '\u{1F600}';
    const highBmp = '\uFFFD';
    expect(astral < highBmp).toBe(true); // UTF-16 order, which the store does not use
    expect(compareKeys(astral, highBmp)).toBeGreaterThan(0);
    expect(compareKeys('a', 'b')).toBeLessThan(0);
    expect(compareKeys('ab', 'ab')).toBe(0);
  });

  it('orders numbers by value', () => {
    expect(compareKeys(9, 10)).toBeLessThan(0);
  });
});

describe('stored positions', () => {
  it('keep every 64-bit position exactly, in an order strings share', () => {
    const positions = [0n, 9n, 10n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
    const stored = positions.map(encodePosition);

    expect(stored.map(decodePosition)).toEqual(positions);
    expect([...stored].reverse().sort()).toEqual(stored);
    expect(encodePosition(2n ** 64n - 1n)).toBe('18446744073709551615');
  });

  it('reject positions outside 0..2^64-1 and malformed stored values', () => {
    expect(() => encodePosition(-1n)).toThrow(RangeError);
    expect(() => encodePosition(2n ** 64n)).toThrow(RangeError);
    expect(() => decodePosition('12')).toThrow('malformed stored checkpoint');
    expect(() => decodePosition('0000000000000000000x')).toThrow('malformed stored checkpoint');
  });
});
