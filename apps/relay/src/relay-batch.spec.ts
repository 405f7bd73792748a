import { NUMERIC_USER_ID_SEQUENCE_STREAM } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import type { UserEventValueV1, UserStateValueV1 } from '@roster/messaging';
import { userTopicNames } from '@roster/messaging';
import type { Message } from 'kafkajs';
import { readAfterErasure, UserLog } from '@roster/messaging/testing';
import { relayBatch } from './relay-batch';

const topics = userTopicNames('test');
const parse = <T>(messages: Message[] | undefined): T[] =>
  (messages ?? []).map((message) => JSON.parse(String(message.value)) as T);

describe('relayBatch', () => {
  let store: InMemoryEventStore;
  let log: UserLog;
  const readStream = jest.fn((stream: string) => store.readStream(stream));

  beforeEach(() => {
    store = new InMemoryEventStore();
    log = new UserLog(store);
    readStream.mockClear();
  });
  afterEach(() => store.close());

  it('publishes user events in log order and one state per touched user, without reading streams it saw start', async () => {
    const asha = await log.create();
    await log.internal('apikey-0f1e');
    const ravi = await log.create();
    await log.update(asha, { firstName: 'Asha Rani' });
    const batch = await store.readAll(null, 100);

    const [events, states] = await relayBatch(batch, topics, readStream);

    expect(events.topic).toBe(topics.events);
    expect(
      parse<UserEventValueV1>(events.messages).map(({ userId, streamRevision }) => [userId, streamRevision]),
    ).toEqual([
      [asha, 0],
      [ravi, 0],
      [asha, 1],
    ]);
    expect(states.topic).toBe(topics.state);
    expect(
      parse<UserStateValueV1>(states.messages).map(({ userId, streamRevision }) => [userId, streamRevision]),
    ).toEqual([
      [asha, 1],
      [ravi, 0],
    ]);
    expect(readStream).not.toHaveBeenCalled();
  });

  it("reads a stream the batch joins midway, and cuts it at the batch's last revision", async () => {
    const asha = await log.create();
    await log.update(asha, { firstName: 'Second' });
    await log.update(asha, { firstName: 'Third' });
    const [, secondEvent] = await store.readAll(null, 100);

    const [, states] = await relayBatch([secondEvent], topics, readStream);

    expect(readStream).toHaveBeenCalledWith(`user-${asha}`);
    expect(parse<UserStateValueV1>(states.messages)).toEqual([
      expect.objectContaining({ streamRevision: 1, profile: expect.objectContaining({ firstName: 'Second' }) }),
    ]);
  });

  it("publishes an erasure read after the key was destroyed as UserErased alone and a tombstone for the user's state", async () => {
    const asha = await log.create({ firstName: 'Asha' });
    await log.update(asha, { firstName: 'Asha Rani' });
    const ravi = await log.create({ firstName: 'Ravi', lastName: 'Kumar', email: 'ravi@example.org' });
    await log.erase(asha);
    // The log as the relay reads it once asha's key is gone: her earlier events emptied and flagged.
    const batch = (await store.readAll(null, 100)).map((event) =>
      event.stream === `user-${asha}` && event.type !== 'UserErased' ? readAfterErasure(event) : event,
    );

    const [events, states] = await relayBatch(batch, topics, readStream);

    expect(parse<UserEventValueV1>(events.messages).map(({ userId, type }) => [userId, type])).toEqual([
      [ravi, 'UserCreated'],
      [asha, 'UserErased'],
    ]);
    expect(states.messages).toEqual([{ key: asha, value: null }, expect.objectContaining({ key: ravi })]);
    expect(JSON.stringify(events.messages).toLowerCase()).not.toContain('asha');

    // A batch that ends before the erasure sends no state made of unreadable events: the tombstone follows.
    const [, onlyRavi] = await relayBatch(batch.slice(0, 3), topics, readStream);
    expect(onlyRavi.messages.map((message) => message.key)).toEqual([ravi]);
  });

  it('has nothing to publish for a batch of internal streams', async () => {
    await log.internal('username-default-CITIZEN-asha');
    expect(await relayBatch(await store.readAll(null, 100), topics, readStream)).toEqual([]);
  });

  it('publishes nothing of the numeric id sequence: a block of ids is no user event', async () => {
    await store.append(
      NUMERIC_USER_ID_SEQUENCE_STREAM,
      [{ type: 'IdBlockReserved', data: { first: 1, last: 100 } }],
      'no_stream',
    );
    expect(await relayBatch(await store.readAll(null, 100), topics, readStream)).toEqual([]);
    expect(readStream).not.toHaveBeenCalled();
  });
});
