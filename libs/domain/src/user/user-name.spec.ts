import { deciderSpec } from '../testing/decider-spec';
import type { ReserveUserName, UserNameReleased, UserNameReserved } from './user-name';
import {
  decideUserNameRelease,
  freeUserName,
  normalizeUserName,
  userNameReservationDecider,
  userNameStream,
} from './user-name';

const { given } = deciderSpec(userNameReservationDecider);

const AT = '2024-01-01T00:00:00.000Z';

const reserve = (userId: string, userName = 'ada'): ReserveUserName => ({
  tenantId: 'tenant-a',
  userType: 'CITIZEN',
  userName,
  userId,
  at: AT,
});
const reserved = (userId: string, userName = 'ada'): UserNameReserved => ({
  type: 'UserNameReserved',
  data: { tenantId: 'tenant-a', userType: 'CITIZEN', userName, userId, at: AT },
});

describe('decideUserNameReservation', () => {
  it('reserves a free name for the user, normalized', () => {
    given([])
      .when(reserve('user-1', '  Ada.Lovelace '))
      .then([reserved('user-1', 'ada.lovelace')]);
  });

  it('rejects a name held by another user', () => {
    given([reserved('user-1')])
      .when(reserve('user-2'))
      .thenThrows('user_name_taken', 'userName');
  });

  it('records nothing when the same user reserves it again', () => {
    given([reserved('user-1')])
      .when(reserve('user-1'))
      .then([]);
  });
});

const released = (userId: string, userName = 'ada'): UserNameReleased => ({
  type: 'UserNameReleased',
  data: { tenantId: 'tenant-a', userType: 'CITIZEN', userName, userId, at: AT },
});
const stateAfter = (events: Array<UserNameReserved | UserNameReleased>) =>
  events.reduce(userNameReservationDecider.evolve, freeUserName);

describe('decideUserNameRelease', () => {
  it('releases the name its holder held, normalized', () => {
    expect(decideUserNameRelease(reserve('user-1', ' Ada '), stateAfter([reserved('user-1')]))).toEqual([
      released('user-1'),
    ]);
  });

  it('changes nothing for a name another user holds, or nobody', () => {
    expect(decideUserNameRelease(reserve('user-2'), stateAfter([reserved('user-1')]))).toEqual([]);
    expect(decideUserNameRelease(reserve('user-1'), freeUserName)).toEqual([]);
  });

  it('lets another user take a released name', () => {
    given([reserved('user-1'), released('user-1')])
      .when(reserve('user-2'))
      .then([reserved('user-2')]);
  });
});

describe('evolveUserNameReservation', () => {
  it('starts free', () => {
    expect(freeUserName).toEqual({ holderId: null });
  });

  it('a reservation makes the user the holder', () => {
    expect(userNameReservationDecider.evolve(freeUserName, reserved('user-1'))).toEqual({ holderId: 'user-1' });
  });

  it('a release frees the name', () => {
    expect(stateAfter([reserved('user-1'), released('user-1')])).toEqual(freeUserName);
  });
});

describe('normalizeUserName', () => {
  it.each([
    ['ada', 'ada'],
    ['Ada', 'ada'],
    ['  ADA\t', 'ada'],
    ['Ada Lovelace', 'ada lovelace'],
  ])('normalizes %j to %j', (input, normalized) => {
    expect(normalizeUserName(input)).toBe(normalized);
  });
});

describe('userNameStream', () => {
  it('is username-<tenant>-<type>-<normalized name>', () => {
    expect(userNameStream('tenant-a', 'EMPLOYEE', ' Ada ')).toBe('username-tenant-a-EMPLOYEE-ada');
  });

  it('is the same stream for names that differ only in case and surrounding space', () => {
    expect(userNameStream('tenant-a', 'CITIZEN', 'Ada')).toBe(userNameStream('tenant-a', 'CITIZEN', ' ada '));
  });

  it('is another stream for another tenant or user type', () => {
    const stream = userNameStream('tenant-a', 'CITIZEN', 'ada');
    expect(userNameStream('tenant-b', 'CITIZEN', 'ada')).not.toBe(stream);
    expect(userNameStream('tenant-a', 'EMPLOYEE', 'ada')).not.toBe(stream);
  });
});
