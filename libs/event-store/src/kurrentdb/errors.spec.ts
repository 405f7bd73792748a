import {
  AppendConsistencyViolationError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import type { ConflictContext } from './errors';
import { isConnectionFailure, isStreamNotFound, isUnsupported, toPortError } from './errors';

const context: ConflictContext = {
  portStream: (stream) => stream.replace(/^test-/, ''),
  expectedRevision: (stream) => (stream === 'test-user-1' ? 'no_stream' : undefined),
};

describe('KurrentDB error mapping', () => {
  it('maps WrongExpectedVersion to WrongExpectedRevisionError with the caller’s stream name and expectation', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'test-user-1',
      expected: 'no_stream',
      current: 4n,
    });

    const mapped = toPortError(error, context);

    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ stream: 'user-1', expected: 'no_stream', actual: 4 });
  });

  it('reports a missing stream as actual -1 and falls back to the server’s expectation', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'test-user-2',
      expected: 3n,
      current: 'no_stream',
    });
    expect(toPortError(error, context)).toMatchObject({ stream: 'user-2', expected: 3, actual: -1 });
  });

  it('maps the first consistency violation of appendRecords', () => {
    const error = new AppendConsistencyViolationError(
      undefined as never,
      {
        violationsList: [
          { checkIndex: 1, streamState: { stream: 'test-user-3', expectedState: '2', actualState: '5' } },
          { checkIndex: 2, streamState: { stream: 'test-user-4', expectedState: '-1', actualState: '0' } },
        ],
      } as never,
    );
    expect(toPortError(error, context)).toMatchObject({ stream: 'user-3', expected: 2, actual: 5 });
  });

  it.each([
    ['UnavailableError', new UnavailableError()],
    ['DeadlineExceededError', new DeadlineExceededError()],
    [
      'NotLeaderError',
      Object.assign(Object.create(NotLeaderError.prototype), { type: 'not-leader', message: 'not leader' }),
    ],
    [
      'a raw gRPC UNAVAILABLE (no connection on append)',
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
    ],
    ['a raw gRPC DEADLINE_EXCEEDED', Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 })],
    ['a failed cluster discovery', new Error('Failed to discover after 10 attempts.')],
  ])('maps %s to EventStoreUnavailableError', (_, error) => {
    expect(isConnectionFailure(error)).toBe(true);
    const mapped = toPortError(error, context);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as EventStoreUnavailableError).cause).toBe(error);
  });

  it('passes other errors through unchanged', () => {
    const unknown = new UnknownError(undefined, 'Stream append request must contain at least one record');
    const typeError = new TypeError('Converting circular structure to JSON');
    expect(toPortError(unknown, context)).toBe(unknown);
    expect(toPortError(typeError, context)).toBe(typeError);
  });

  it('recognises an unsupported operation, from the client’s feature check or as gRPC UNIMPLEMENTED', () => {
    expect(isUnsupported(new UnsupportedError('multiStreamAppend', '25.1'))).toBe(true);
    expect(isUnsupported(Object.assign(new Error('12 UNIMPLEMENTED'), { code: 12 }))).toBe(true);
    expect(isUnsupported(new UnavailableError())).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'user-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});
