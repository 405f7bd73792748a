import type { NewEvent } from '../event-store';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store';
import { assertedStreams, planAppend, writtenStreams } from './append-plan';

describe('planAppend', () => {
  const noReads = async (): Promise<number> => {
    throw new Error('no read expected');
  };

  it('keeps every event in the caller’s order and one expectation per stream', async () => {
    const plan = await planAppend(
      [
        { stream: 'user-1', events: [event('A')], expectedRevision: 'no_stream' },
        { stream: 'username-x', events: [event('B')], expectedRevision: 'no_stream' },
        { stream: 'user-1', events: [event('C'), event('D')], expectedRevision: 0 },
        { stream: 'user-9', events: [], expectedRevision: 4 },
      ],
      noReads,
    );

    expect(plan.events.map(({ stream, event }) => `${stream}:${event.type}`)).toEqual([
      'user-1:A',
      'username-x:B',
      'user-1:C',
      'user-1:D',
    ]);
    expect(plan.streams.map(({ stream, expected, events }) => [stream, expected, events.length])).toEqual([
      ['user-1', 'no_stream', 3],
      ['username-x', 'no_stream', 1],
      ['user-9', 4, 0],
    ]);
    expect(writtenStreams(plan).map(({ stream }) => stream)).toEqual(['user-1', 'username-x']);
    expect(assertedStreams(plan).map(({ stream }) => stream)).toEqual(['user-9']);
  });

  it('rejects a later entry whose expectation cannot follow from the earlier ones, before any I/O', async () => {
    const plan = planAppend(
      [
        { stream: 'user-1', events: [event(), event()], expectedRevision: 3 },
        { stream: 'user-1', events: [event()], expectedRevision: 4 },
      ],
      noReads,
    );

    await expect(plan).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(plan).rejects.toMatchObject({ stream: 'user-1', expected: 4, actual: 5 });
  });

  it("pins a first 'any' to the stream’s current revision when a later entry names one", async () => {
    const plan = await planAppend(
      [
        { stream: 'user-1', events: [event()], expectedRevision: 'any' },
        { stream: 'user-1', events: [event()], expectedRevision: 7 },
      ],
      async () => 6,
    );

    expect(plan.streams).toMatchObject([{ stream: 'user-1', expected: 6 }]);
  });

  it('refuses an event id repeated within one append', async () => {
    const plan = planAppend(
      [
        { stream: 'user-1', events: [{ ...event(), id: 'e-1' }], expectedRevision: 'any' },
        { stream: 'user-2', events: [{ ...event(), id: 'e-1' }], expectedRevision: 'any' },
      ],
      noReads,
    );
    await expect(plan).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('fails on a payload that is not JSON before anything else happens', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(
      planAppend([{ stream: 'user-1', events: [{ type: 'X', data: circular }], expectedRevision: 'any' }], noReads),
    ).rejects.toBeInstanceOf(TypeError);
  });
});

function event(type = 'SomethingHappened'): NewEvent {
  return { type, data: {} };
}
