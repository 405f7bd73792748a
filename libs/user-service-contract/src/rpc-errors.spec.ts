import { DomainError, RequestRejectedError } from '@roster/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@roster/event-store';
import { InvalidCursorError, ReadModelUnavailableError } from '@roster/read-model';
import { ConsistencyTimeoutError } from './service-errors';
import { fromRpcError, toRpcError } from './rpc-errors';

const overTheWire = (error: unknown) => fromRpcError(JSON.parse(JSON.stringify(toRpcError(error))));

describe('errors over the user-service transport', () => {
  it.each([
    new DomainError('parent_cycle', 'would create a cycle', 'parentId'),
    new RequestRejectedError(
      'invalid',
      'INVALID_PWD_LENGTH',
      'the password must be 8 to 15 characters long',
      'password',
    ),
    new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid login credentials'),
    new RequestRejectedError('locked', 'ACCOUNT_LOCKED', 'The account is locked'),
    new InvalidCursorError('bad cursor'),
    new WrongExpectedRevisionError('user-1', 3, 4),
    new ConsistencyTimeoutError(12345678901234567890n),
  ])('%s arrives as the same error', (error) => {
    const received = overTheWire(error);
    expect(received).toBeInstanceOf(error.constructor);
    expect(received).toEqual(error);
    expect(received.message).toBe(error.message);
  });

  it('store outages arrive as unavailability, without the store message', () => {
    const received = overTheWire(new ReadModelUnavailableError('mongodb://user:secret@db failed'));
    expect(received).toBeInstanceOf(EventStoreUnavailableError);
    expect(received.message).not.toContain('secret');
  });

  it('anything else arrives without its detail', () => {
    const received = overTheWire(new TypeError('x is undefined at /srv/app.js:12'));
    expect(received.message).toBe('the user-service failed to handle the request');
  });
});
