import { isLocked, loginRefusal, passwordExpiresAt } from './credentials';
import type { ExistingUser } from './user.state';

const NOW = '2024-02-01T00:00:00.000Z';

const user = (changes: Partial<ExistingUser> = {}): ExistingUser => ({
  status: 'existing',
  id: 'user-1',
  tenantId: 'pb',
  userType: 'CITIZEN',
  userName: '9876543210',
  numericId: 1,
  profile: { firstName: 'Asha', lastName: 'Kaur' },
  parentId: null,
  roles: [],
  active: true,
  passwordHash: '$argon2id$hash',
  passwordChangedAt: '2024-01-01T00:00:00.000Z',
  passwordExpiryApplies: true,
  otpVerified: true,
  failedLogins: [],
  lockedUntil: null,
  credentialsChangedAt: null,
  createdBy: null,
  lastModifiedBy: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...changes,
});

describe('loginRefusal', () => {
  it('lets an active, unlocked user with a password log in', () => {
    expect(loginRefusal(user(), NOW)).toBeNull();
  });

  it('refuses a locked user until the lock runs out', () => {
    expect(loginRefusal(user({ lockedUntil: '2024-02-01T00:00:00.001Z' }), NOW)).toBe('locked');
    expect(loginRefusal(user({ lockedUntil: NOW }), NOW)).toBeNull();
  });

  it('refuses an inactive user', () => {
    expect(loginRefusal(user({ active: false }), NOW)).toBe('inactive');
  });

  it('refuses a user without a password', () => {
    expect(loginRefusal(user({ passwordHash: null }), NOW)).toBe('no_password');
  });

  it('names the lock first', () => {
    expect(
      loginRefusal(user({ lockedUntil: '2024-03-01T00:00:00.000Z', active: false, passwordHash: null }), NOW),
    ).toBe('locked');
  });
});

describe('isLocked', () => {
  it('is false without a lock', () => {
    expect(isLocked({ lockedUntil: null }, NOW)).toBe(false);
  });
});

describe('passwordExpiresAt', () => {
  it('is expiryDays after the password was set', () => {
    expect(passwordExpiresAt(user(), 90)).toBe('2024-03-31T00:00:00.000Z');
  });

  it('is null without a password', () => {
    expect(passwordExpiresAt(user({ passwordChangedAt: null }), 90)).toBeNull();
  });
});
