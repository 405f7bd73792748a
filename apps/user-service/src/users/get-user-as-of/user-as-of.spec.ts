import type { UserEvent } from '@roster/domain';
import { recordedUserStream } from '../../testing/recorded-user-stream';
import { userAsOf } from './user-as-of';

const USER = '00000000-0000-4000-8000-000000000001';

/** Recorded at 09:00, 09:10 and 09:20; the payloads' own `at` say other times (as an import's do). */
const events: UserEvent[] = [
  {
    type: 'UserCreated',
    data: {
      userId: USER,
      tenantId: 'default',
      userType: 'CITIZEN',
      userName: null,
      profile: { firstName: 'Asha', lastName: 'Rani' },
      at: '2020-01-01T00:00:00.000Z',
    },
  },
  { type: 'ProfileUpdated', data: { userId: USER, changes: { lastName: 'Devi' }, at: '2020-01-02T00:00:00.000Z' } },
  { type: 'UserDeactivated', data: { userId: USER, at: '2020-01-03T00:00:00.000Z' } },
];
const stream = recordedUserStream(USER, events, (revision) => new Date(Date.UTC(2026, 4, 17, 9, revision * 10)));

const lastNameAndActive = (instant: string) => {
  const then = userAsOf(stream, { instant });
  return then && then.state.status === 'existing'
    ? { revision: then.revision, lastName: then.state.profile.lastName, active: then.state.active }
    : then;
};

describe('a user as of an instant (the log recorded each event at recordedAt)', () => {
  it('is the state after the last event recorded at or before the instant', () => {
    expect(lastNameAndActive('2026-05-17T09:00:00.000Z')).toEqual({ revision: 0, lastName: 'Rani', active: true });
    expect(lastNameAndActive('2026-05-17T09:09:59.999Z')).toEqual({ revision: 0, lastName: 'Rani', active: true });
    expect(lastNameAndActive('2026-05-17T09:10:00.000Z')).toEqual({ revision: 1, lastName: 'Devi', active: true });
    expect(lastNameAndActive('2026-05-17T09:15:00.000Z')).toEqual({ revision: 1, lastName: 'Devi', active: true });
    expect(lastNameAndActive('2030-01-01T00:00:00.000Z')).toEqual({ revision: 2, lastName: 'Devi', active: false });
  });

  it('is no user before the first event, whatever the payloads say', () => {
    expect(userAsOf(stream, { instant: '2026-05-17T08:59:59.999Z' })).toEqual({
      state: { status: 'absent' },
      revision: -1,
    });
  });
});

describe('a user as of a revision', () => {
  it('is the state right after that revision', () => {
    expect(userAsOf(stream, { revision: 1 })).toMatchObject({ revision: 1, state: { profile: { lastName: 'Devi' } } });
    expect(userAsOf(stream, { revision: 0 })).toMatchObject({ revision: 0, state: { profile: { lastName: 'Rani' } } });
  });

  it('is nothing beyond the last revision, or in a stream without events', () => {
    expect(userAsOf(stream, { revision: 3 })).toBeNull();
    expect(userAsOf([], { revision: 0 })).toBeNull();
  });
});
