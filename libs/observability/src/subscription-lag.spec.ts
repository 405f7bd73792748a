import { InMemoryEventStore } from '@roster/event-store/memory';
import { lagOf } from './subscription-lag';

describe('lagOf', () => {
  const store = new InMemoryEventStore();
  afterAll(() => store.close());

  it('is the distance to the head and the age of the oldest event not handled yet', async () => {
    const event = { type: 'Noted', data: {} };
    await store.append('s-1', [event, event, event], 'any');
    const [first, second] = await store.readAll(null, 2);
    const now = first.recordedAt.getTime() + 1500;

    expect(await lagOf({ store, position: () => null }, now)).toEqual({ events: 3, seconds: 1.5 });
    expect(await lagOf({ store, position: () => second.position }, now)).toMatchObject({ events: 1 });
  });

  it('is nothing once caught up', async () => {
    const head = await store.headPosition();
    expect(await lagOf({ store, position: () => head })).toEqual({ events: 0, seconds: 0 });
  });
});
