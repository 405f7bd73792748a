import { NO_TENANT, NotAUserEventError, toReceivedUserEvent } from './received-user-event';

const value = {
  id: 'event-1',
  type: 'ParentLinked',
  tenantId: 'pb.amritsar',
  userId: 'user-1',
  streamRevision: 3,
  position: '18446744073709551615',
  recordedAt: '2024-01-01T00:00:00.000Z',
  schemaVersion: 1,
  data: { userId: 'user-1', parentId: 'user-0', previousParentId: null, at: '2024-01-01T00:00:00.000Z' },
};

describe('toReceivedUserEvent', () => {
  it('takes the id from ce_id and the rest from the value', () => {
    expect(toReceivedUserEvent(value, { ce_id: 'ce-1', ce_type: 'roster.user.ParentLinked.v1' })).toEqual({
      eventId: 'ce-1',
      tenantId: 'pb.amritsar',
      userId: 'user-1',
      type: 'ParentLinked',
      streamRevision: 3,
      position: '18446744073709551615',
      recordedAt: '2024-01-01T00:00:00.000Z',
    });
  });

  it('files an event without tenant under a tenant of its own', () => {
    expect(toReceivedUserEvent({ ...value, tenantId: null }, { ce_id: 'ce-1' }).tenantId).toBe(NO_TENANT);
  });

  it.each([
    ['no headers', value, undefined, /no ce_id/],
    ['an empty ce_id', value, { ce_id: '' }, /no ce_id/],
    ['a value that is not JSON', 'plain text', { ce_id: 'ce-1' }, /not a JSON object/],
    ['no userId', { ...value, userId: undefined }, { ce_id: 'ce-1' }, /userId/],
    ['a negative revision', { ...value, streamRevision: -1 }, { ce_id: 'ce-1' }, /streamRevision/],
    ['a numeric position', { ...value, position: 12 }, { ce_id: 'ce-1' }, /position/],
  ])('refuses %s', (_case, input, headers, message) => {
    const read = () => toReceivedUserEvent(input, headers);
    expect(read).toThrow(NotAUserEventError);
    expect(read).toThrow(message);
  });
});
