import { answer } from './stats-http-server';
import { UserChangeLog } from './user-change-log';

describe('answer (consumer HTTP routes)', () => {
  const changeLog = new UserChangeLog(':memory:');
  changeLog.record({
    eventId: 'event-1',
    tenantId: 'pb.amritsar',
    userId: 'user 1',
    type: 'UserCreated',
    streamRevision: 0,
    position: '1',
    recordedAt: '2024-01-01T00:00:00.000Z',
  });
  afterAll(() => changeLog.close());

  it('serves health, stats and the changes of one user', () => {
    expect(answer(changeLog, 'GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(answer(changeLog, 'GET', '/stats?pretty')).toMatchObject({
      status: 200,
      body: { tenants: { 'pb.amritsar': { events: 1 } } },
    });
    expect(answer(changeLog, 'GET', '/users/user%201/changes')).toMatchObject({
      status: 200,
      body: { userId: 'user 1', lastStreamRevision: 0 },
    });
  });

  it('answers 404 for unknown users and paths, 405 for anything but GET', () => {
    expect(answer(changeLog, 'GET', '/users/nobody/changes').status).toBe(404);
    expect(answer(changeLog, 'GET', '/users').status).toBe(404);
    expect(answer(changeLog, 'POST', '/stats').status).toBe(405);
  });
});
