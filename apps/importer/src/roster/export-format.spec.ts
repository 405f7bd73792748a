import type { ExportedUser } from './export-format';
import { parseHeader, parseUserLine, tenantSelector } from './export-format';

const VALID: ExportedUser = {
  id: '3f1c2a4e-8b7d-4c6e-9a5f-0123456789ab',
  numericId: 42,
  tenantId: 'pb.amritsar',
  userType: 'CITIZEN',
  userName: '9876543210',
  profile: {
    firstName: 'Asha',
    lastName: 'Rani',
    mobile: '9876543210',
    bloodGroup: 'O+',
    relationship: 'FATHER',
    address: { line1: 'House 1', city: null },
    photo: null,
  },
  roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
  active: true,
  parentId: null,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def',
  passwordChangedAt: '2026-11-01T10:00:00.000Z',
  passwordExpiryApplies: true,
  lockedUntil: null,
  otpVerified: true,
  createdBy: null,
  lastModifiedBy: '3f1c2a4e-8b7d-4c6e-9a5f-0123456789ac',
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00+05:30',
};

const line = (changes: Record<string, unknown>) => JSON.stringify({ ...VALID, ...changes });
const fieldAtFault = (text: string) => parseUserLine(text).problem?.field;

describe('parseUserLine', () => {
  it('takes a complete, well-typed user as it is', () => {
    expect(parseUserLine(JSON.stringify(VALID))).toEqual({ user: VALID, problem: null });
  });

  it.each([
    ['id', { id: 'not-a-uuid' }],
    ['numericId', { numericId: 0 }],
    ['numericId', { numericId: 1.5 }],
    ['tenantId', { tenantId: '' }],
    ['userType', { userType: 'ADMIN' }],
    ['roles', { roles: [{ code: 'CITIZEN', tenantId: 'pb', extra: 1 }] }],
    ['roles', { roles: 'CITIZEN' }],
    ['active', { active: 'yes' }],
    ['parentId', { parentId: 7 }],
    ['passwordChangedAt', { passwordChangedAt: '01/11/2026' }],
    ['lockedUntil', { lockedUntil: '2026-13-45T99:00:00Z' }],
    ['createdAt', { createdAt: null }],
    ['profile', { profile: 'Asha' }],
    ['profile.lastName', { profile: { firstName: 'Asha' } }],
    ['profile.nickname', { profile: { ...VALID.profile, nickname: 'A' } }],
    ['profile.bloodGroup', { profile: { ...VALID.profile, bloodGroup: 'Z' } }],
    ['profile.mobile', { profile: { ...VALID.profile, mobile: 9876543210 } }],
    ['profile.address.zip', { profile: { ...VALID.profile, address: { zip: '1' } } }],
    ['surname', { surname: 'x' }],
  ])('refuses a bad %s as invalid_record naming it', (field, changes) => {
    const parsed = parseUserLine(line(changes));
    expect(parsed.user).toBeNull();
    expect(parsed.problem).toMatchObject({ reason: 'invalid_record', field });
  });

  it('names a missing field', () => {
    const { updatedAt: _dropped, ...rest } = VALID;
    expect(parseUserLine(JSON.stringify(rest)).problem).toEqual({
      reason: 'invalid_record',
      field: 'updatedAt',
      message: 'updatedAt is missing',
    });
    expect(fieldAtFault('[1,2]')).toBeNull();
    expect(fieldAtFault('{')).toBeNull();
  });
});

describe('parseHeader', () => {
  const header = {
    format: 'roster-users',
    version: 1,
    exportedAt: '2026-12-01T00:00:00.000Z',
    tenants: null,
    users: 3,
  };

  it('reads a header of this version', () => {
    expect(parseHeader(JSON.stringify(header))).toEqual(header);
    expect(parseHeader(JSON.stringify({ ...header, tenants: ['pb'] })).tenants).toEqual(['pb']);
  });

  it.each([
    ['{', 'first line is not JSON'],
    [JSON.stringify({ ...header, format: 'csv' }), '"format":"roster-users"'],
    [JSON.stringify({ ...header, version: 2 }), 'version 2'],
    [JSON.stringify({ ...header, users: -1 }), 'user count'],
    [JSON.stringify({ ...header, tenants: 'pb' }), 'tenants'],
    [JSON.stringify({ ...header, exportedAt: 'yesterday' }), 'exportedAt'],
  ])('refuses %s', (text, message) => {
    expect(() => parseHeader(text)).toThrow(message);
  });
});

describe('tenantSelector', () => {
  it('selects a tenant with its sub-tenants, or everything without tenants', () => {
    const pb = tenantSelector(['pb', 'mh.pune']);
    expect(['pb', 'pb.amritsar', 'pbx', 'mh', 'mh.pune', 'mh.pune.x'].map(pb)).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(tenantSelector([])('anything')).toBe(true);
  });
});
