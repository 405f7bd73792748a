import { handleCommand } from './command-handling';
import type { StreamAppend } from './event-store';
import { WrongExpectedRevisionError } from './event-store';
import { InMemoryEventStore } from './memory/in-memory-event-store';

type Added = { type: 'Added'; data: { by: number } };
const add = (state: number, event: Added) => state + event.data.by;
const added = (by: number): Added => ({ type: 'Added', data: { by } });
const counter = { evolve: add, initialState: 0 };

describe('handleCommand', () => {
  let store: InMemoryEventStore;

  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(() => store.close());

  it('decides on the folded stream, appends at the revision it read, and answers the state after the events', async () => {
    await store.append('counter', [added(2)], 'no_stream');

    const result = await handleCommand(store, 'counter', ({ state }) => ({ events: [added(state * 10)] }), counter);

    expect(result).toMatchObject({ state: 22, events: [added(20)], revision: 1 });
    expect(result.position).toBe(await store.headPosition());
  });

  it('appends the extra appends atomically with the events, and the metadata of the state after them', async () => {
    const guard: StreamAppend = { stream: 'other', events: [], expectedRevision: 0 };

    await expect(
      handleCommand(store, 'counter', () => ({ events: [added(1)], alsoAppend: [guard] }), counter),
    ).rejects.toThrow(WrongExpectedRevisionError);
    expect(await store.readStream('counter')).toEqual([]);

    await handleCommand(
      store,
      'counter',
      () => ({
        events: [added(1)],
        alsoAppend: [{ stream: 'other', events: [added(5)], expectedRevision: 'no_stream' }],
      }),
      {
        ...counter,
        metadata: (state) => ({ total: state }),
      },
    );
    expect((await store.readStream('counter'))[0].metadata).toEqual({ total: 1 });
    expect(await store.readStream('other')).toHaveLength(1);
  });

  it('appends nothing when no stream gets an event, answering where the stream stood', async () => {
    await store.append('counter', [added(2)], 'no_stream');
    const head = await store.headPosition();

    const result = await handleCommand(
      store,
      'counter',
      () => ({ events: [], alsoAppend: [{ stream: 'other', events: [], expectedRevision: 'no_stream' }] }),
      counter,
    );

    expect(result).toEqual({ state: 2, events: [], revision: 0, position: head });
    expect(await store.headPosition()).toBe(head);
  });

  it('decides again on fresh state when another writer got there first', async () => {
    let decisions = 0;
    const result = await handleCommand(
      store,
      'counter',
      async ({ state }) => {
        if (decisions++ === 0) await store.append('counter', [added(100)], 'no_stream');
        return { events: [added(state + 1)] };
      },
      counter,
    );

    expect(decisions).toBe(2);
    expect(result.state).toBe(201);
  });

  it('gives up after the attempts allowed, with the conflict', async () => {
    let decisions = 0;
    const racing = handleCommand(
      store,
      'counter',
      async () => {
        decisions++;
        await store.append('counter', [added(1)], 'any');
        return { events: [added(1)] };
      },
      { ...counter, attempts: 3 },
    );

    await expect(racing).rejects.toThrow(WrongExpectedRevisionError);
    expect(decisions).toBe(3);
  });

  it('refuses a stale If-Match after the decision, without retrying', async () => {
    await store.append('counter', [added(1), added(1)], 'no_stream');
    let decisions = 0;

    const stale = handleCommand(store, 'counter', () => (decisions++, { events: [added(1)] }), {
      ...counter,
      expectedRevision: 0,
    });

    await expect(stale).rejects.toThrow(WrongExpectedRevisionError);
    expect(decisions).toBe(1);
    expect(await store.readStream('counter')).toHaveLength(2);
  });

  it('lets the decision check If-Match earlier, so what it refuses first is its own choice', async () => {
    await store.append('counter', [added(1)], 'no_stream');

    const stale = handleCommand(
      store,
      'counter',
      ({ checkExpectedRevision }) => {
        checkExpectedRevision();
        throw new Error('not reached');
      },
      { ...counter, expectedRevision: 5 },
    );

    await expect(stale).rejects.toThrow(WrongExpectedRevisionError);
  });
});
