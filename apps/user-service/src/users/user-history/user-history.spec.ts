import type { UserEvent } from '@roster/domain';
import type { ToRecord } from '../../testing/recorded-user-stream';
import { recordedUserStream } from '../../testing/recorded-user-stream';
import { historyOf } from './user-history';

const USER = '00000000-0000-4000-8000-000000000001';
const PARENT = '00000000-0000-4000-8000-000000000002';
const OTHER_PARENT = '00000000-0000-4000-8000-000000000003';
const ADMIN = '00000000-0000-4000-8000-0000000000aa';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const REHASH = '$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaG5ld2hhc2g';
const BCRYPT = '$2a$10$abcdefghijklmnopqrstuu5Vd1rLZ9B3cJz5x1oQ8m7b2a1y0xW3K';

/** The events as the store records them: one a minute from 09:00. */
const recorded = (events: ToRecord[]) =>
  recordedUserStream(USER, events, (revision) => new Date(Date.UTC(2026, 4, 17, 9, revision)));

const at = (minute: number) => new Date(Date.UTC(2026, 4, 17, 9, minute)).toISOString();
const byKey = { apiKeyId: '0123456789abcdef' };

const created: UserEvent = {
  type: 'UserCreated',
  data: {
    userId: USER,
    tenantId: 'default',
    userType: 'CITIZEN',
    userName: null,
    numericId: 7,
    profile: { firstName: 'Asha', lastName: 'Rani', email: 'asha@example.com', middleName: null },
    roles: [],
    active: true,
    at: at(0),
  },
};

describe('a user history', () => {
  const stream = recorded([
    [created, byKey],
    [{ type: 'ParentLinked', data: { userId: USER, parentId: PARENT, previousParentId: null, at: at(0) } }, byKey],
    [
      {
        type: 'ProfileUpdated',
        data: {
          userId: USER,
          changes: { lastName: 'Devi', email: 'asha@example.com', address: { city: 'Pune', postalCode: '411001' } },
          at: at(2),
        },
      },
      byKey,
    ],
    [
      {
        type: 'ParentLinked',
        data: { userId: USER, parentId: OTHER_PARENT, previousParentId: PARENT, at: at(3) },
      },
      byKey,
    ],
    { type: 'LoginFailed', data: { userId: USER, at: at(4) } },
    {
      type: 'PasswordChanged',
      data: { userId: USER, passwordHash: HASH, reason: 'change', by: USER, at: at(5) },
    },
    { type: 'LoginFailuresCleared', data: { userId: USER, at: at(6) } },
    { type: 'PasswordRehashed', data: { userId: USER, passwordHash: REHASH, at: at(7) } },
    {
      type: 'RolesChanged',
      data: { userId: USER, roles: [{ code: 'EMPLOYEE', tenantId: 'default' }], by: ADMIN, at: at(8) },
    },
    { type: 'AccountLocked', data: { userId: USER, until: at(70), at: at(9) } },
    { type: 'AccountUnlocked', data: { userId: USER, reason: 'operator', by: ADMIN, at: at(10) } },
    { type: 'UserDeactivated', data: { userId: USER, by: ADMIN, at: at(11) } },
    { type: 'ParentUnlinked', data: { userId: USER, previousParentId: OTHER_PARENT, at: at(12) } },
    { type: 'OtpVerified', data: { userId: USER, mobileNumber: '9876543210', purpose: 'login', at: at(13) } },
  ]);

  it('answers every change of data oldest first, as the fields it changed, without login bookkeeping', () => {
    expect(historyOf(stream, { includeSecurity: false })).toEqual([
      {
        revision: 0,
        type: 'UserCreated',
        at: at(0),
        actor: { type: 'api_key', id: '0123456789abcdef' },
        // Every field the creation set, from null; fields it left empty (middle name, roles) are no change.
        changes: {
          userType: { from: null, to: 'CITIZEN' },
          firstName: { from: null, to: 'Asha' },
          lastName: { from: null, to: 'Rani' },
          email: { from: null, to: 'asha@example.com' },
          active: { from: null, to: true },
        },
      },
      {
        revision: 1,
        type: 'ParentLinked',
        at: at(1),
        actor: { type: 'api_key', id: '0123456789abcdef' },
        changes: { parentId: { from: null, to: PARENT } },
      },
      {
        revision: 2,
        type: 'ProfileUpdated',
        at: at(2),
        actor: { type: 'api_key', id: '0123456789abcdef' },
        // The e-mail was sent again unchanged: not a change.
        changes: {
          lastName: { from: 'Rani', to: 'Devi' },
          address: { from: null, to: { city: 'Pune', postalCode: '411001' } },
        },
      },
      expect.objectContaining({ revision: 3, changes: { parentId: { from: PARENT, to: OTHER_PARENT } } }),
      {
        revision: 5,
        type: 'PasswordChanged',
        at: at(5),
        actor: { type: 'user', id: USER },
        changes: { password: 'changed' },
      },
      {
        revision: 8,
        type: 'RolesChanged',
        at: at(8),
        actor: { type: 'user', id: ADMIN },
        changes: { roles: { from: [], to: [{ code: 'EMPLOYEE', tenantId: 'default' }] } },
      },
      {
        revision: 9,
        type: 'AccountLocked',
        at: at(9),
        actor: null,
        changes: { lockedUntil: { from: null, to: at(70) } },
      },
      expect.objectContaining({ revision: 10, changes: { lockedUntil: { from: at(70), to: null } } }),
      expect.objectContaining({ revision: 11, changes: { active: { from: true, to: false } } }),
      expect.objectContaining({ revision: 12, actor: null, changes: { parentId: { from: OTHER_PARENT, to: null } } }),
    ]);
  });

  it('adds the login bookkeeping with includeSecurity, as counts and flags', () => {
    const history = historyOf(stream, { includeSecurity: true });
    expect(history.map((entry) => entry.revision)).toEqual(stream.map((event) => event.revision));
    const byRevision = (revision: number) => history.find((entry) => entry.revision === revision)?.changes;
    expect(byRevision(0)).toMatchObject({
      otpVerified: { from: null, to: false },
      failedLogins: { from: null, to: 0 },
    });
    expect(byRevision(4)).toEqual({ failedLogins: { from: 0, to: 1 } });
    expect(byRevision(6)).toEqual({ failedLogins: { from: 1, to: 0 } });
    // The same password, hashed again: nothing a caller reads changed.
    expect(byRevision(7)).toEqual({});
    expect(byRevision(13)).toEqual({ otpVerified: { from: false, to: true } });
  });

  it('never carries a hash, whatever is asked for', () => {
    const text = JSON.stringify(historyOf(stream, { includeSecurity: true }));
    for (const secret of [HASH, REHASH, 'argon2', 'passwordHash']) expect(text).not.toContain(secret);
  });

  it('reads an import as a creation: every field it brought, from null; its password only as changed', () => {
    const [entry] = historyOf(
      recorded([
        {
          type: 'UserImported',
          data: {
            userId: USER,
            tenantId: 'pb',
            userType: 'EMPLOYEE',
            userName: 'EMP-1',
            numericId: 41,
            profile: { firstName: 'Ravi', lastName: 'Kumar', mobile: '9876543210' },
            roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
            active: true,
            parentId: PARENT,
            passwordHash: BCRYPT,
            passwordChangedAt: '2025-01-02T03:04:05.000Z',
            lockedUntil: null,
            otpVerified: true,
            createdBy: '17',
            lastModifiedBy: '17',
            createdAt: '2024-01-01T00:00:00.000Z',
            updatedAt: '2025-01-02T03:04:05.000Z',
            source: 'egov',
            at: at(0),
          },
        },
      ]),
      { includeSecurity: false },
    );
    expect(entry).toEqual({
      revision: 0,
      type: 'UserImported',
      at: at(0),
      actor: null,
      changes: {
        userType: { from: null, to: 'EMPLOYEE' },
        userName: { from: null, to: 'EMP-1' },
        firstName: { from: null, to: 'Ravi' },
        lastName: { from: null, to: 'Kumar' },
        mobile: { from: null, to: '9876543210' },
        parentId: { from: null, to: PARENT },
        roles: { from: null, to: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }] },
        active: { from: null, to: true },
        password: 'changed',
      },
    });
    expect(JSON.stringify(entry)).not.toContain('$2a$');
  });

  it('is empty for a stream without events', () => {
    expect(historyOf([], { includeSecurity: true })).toEqual([]);
  });
});
