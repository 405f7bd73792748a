import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig } from '@roster/config';
import type { Position } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import type { UserEventValueV1 } from '@roster/messaging';
import { userTopicNames } from '@roster/messaging';
import { RecordingPublisher, UserLog } from '@roster/messaging/testing';
import type { TopicMessages } from 'kafkajs';
import { InMemoryRelayCheckpointStore } from './checkpoint/in-memory-relay-checkpoint-store';
import { RelayService } from './relay.service';

const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC_PREFIX: 'test' });
const topics = userTopicNames('test');

/** Records each save with the ids of the events the broker had acknowledged at that moment. */
class ObservedCheckpoints extends InMemoryRelayCheckpointStore {
  readonly saves: Array<{ position: Position; acknowledged: Set<string> }> = [];

  constructor(private readonly publisher: RecordingPublisher) {
    super();
  }

  override async save(position: Position): Promise<void> {
    const acknowledged = new Set(
      this.publisher.messagesOf(topics.events).map((message) => String(message.headers?.ce_id)),
    );
    this.saves.push({ position, acknowledged });
    await super.save(position);
  }
}

/** Holds every send until `open()`, so a test sees what the relay does while a batch is in flight. */
class GatedPublisher extends RecordingPublisher {
  readonly sent: TopicMessages[][] = [];
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));

  open(): void {
    this.opened();
  }

  override async publish(batch: TopicMessages[]): Promise<void> {
    this.sent.push(batch);
    await this.gate;
    await super.publish(batch);
  }
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('RelayService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  let store: InMemoryEventStore;
  let log: UserLog;
  let publisher: RecordingPublisher;
  let checkpoints: ObservedCheckpoints;
  let running: RelayService[];

  beforeEach(() => {
    store = new InMemoryEventStore({
      subscription: { batchSize: 3, retryInitialDelayMs: 1, retryMaxDelayMs: 5, onError: () => undefined },
    });
    log = new UserLog(store);
    publisher = new RecordingPublisher();
    checkpoints = new ObservedCheckpoints(publisher);
    running = [];
  });
  afterEach(async () => {
    for (const relay of running) await relay.beforeApplicationShutdown();
    await store.close();
  });

  async function startRelay(withPublisher = publisher): Promise<RelayService> {
    const relay = new RelayService(store, withPublisher, checkpoints, config, {
      batchSize: 3,
      retryInitialDelayMs: 1,
      retryMaxDelayMs: 5,
    });
    running.push(relay);
    await relay.onApplicationBootstrap();
    return relay;
  }

  async function stopRelay(relay: RelayService): Promise<void> {
    await relay.beforeApplicationShutdown();
    running = running.filter((other) => other !== relay);
  }

  const revisionsOf = (messages: RecordingPublisher) =>
    messages.messagesOf(topics.events).map((message) => {
      const { userId, streamRevision } = JSON.parse(String(message.value)) as UserEventValueV1;
      return `${userId.slice(0, 8)}@${streamRevision}`;
    });

  it('publishes every user event, then moves the checkpoint to the end of each acknowledged batch', async () => {
    await startRelay();
    const userId = await log.create();
    await log.internal('apikey-0f1e');
    await log.update(userId, { firstName: 'Ravi' });
    await log.passwordChanged(userId);

    await publisher.untilPublished(topics.events, 3);
    await stopRelay(running[0]);

    expect(publisher.connected).toBe(false);
    expect(revisionsOf(publisher)).toEqual([
      `${userId.slice(0, 8)}@0`,
      `${userId.slice(0, 8)}@1`,
      `${userId.slice(0, 8)}@2`,
    ]);
    expect(await checkpoints.load()).toBe(await store.headPosition());
    // No checkpoint ever passed a user event the broker had not acknowledged yet.
    const userEvents = (await store.readAll(null, 100)).filter((event) => event.stream.startsWith('user-'));
    for (const save of checkpoints.saves) {
      const covered = userEvents.filter((event) => event.position <= save.position).map((event) => event.id);
      expect(covered.filter((id) => !save.acknowledged.has(id))).toEqual([]);
    }
  });

  it('keeps the checkpoint while the broker rejects, and retries the very same batch', async () => {
    const userId = await log.create();
    publisher.failNext(3);

    const relay = await startRelay();
    await publisher.untilPublished(topics.events, 1);
    await stopRelay(relay);

    expect(publisher.rejected).toHaveLength(3);
    expect(checkpoints.saves).toHaveLength(1);
    expect(checkpoints.saves[0].acknowledged.size).toBe(1);
    for (const rejected of publisher.rejected) expect(rejected).toEqual(publisher.published[0]);
    expect(JSON.parse(String(publisher.messagesOf(topics.events)[0].value))).toMatchObject({
      userId,
      streamRevision: 0,
    });
  });

  it('reads and encodes the next batch while one is in flight, and sends it only once that one is acknowledged and checkpointed', async () => {
    const userId = await log.create();
    for (const firstName of ['Ravi', 'Rani', 'Raja']) await log.update(userId, { firstName });
    const gated = new GatedPublisher();
    checkpoints = new ObservedCheckpoints(gated);
    // The second batch (revision 3 alone) starts midway through the stream, so building it reads the stream.
    const readStream = jest.spyOn(store, 'readStream');

    await startRelay(gated);
    await until(() => readStream.mock.calls.length > 0);

    expect(gated.sent).toHaveLength(1);
    expect(gated.published).toHaveLength(0);
    expect(checkpoints.saves).toHaveLength(0);
    gated.open();
    await gated.untilPublished(topics.events, 4);
    await until(() => checkpoints.saves.length === 2);
    const id = userId.slice(0, 8);
    expect(revisionsOf(gated)).toEqual([`${id}@0`, `${id}@1`, `${id}@2`, `${id}@3`]);
    expect(checkpoints.saves.map((save) => save.acknowledged.size)).toEqual([3, 4]);
    expect(checkpoints.saves[1].position).toBe(await store.headPosition());
  });

  it('stops while the broker keeps rejecting, without moving the checkpoint', async () => {
    await log.create();
    publisher.failNext(1_000_000);
    const relay = await startRelay();
    await until(() => publisher.rejected.length >= 2);

    await stopRelay(relay);

    expect(checkpoints.saves).toEqual([]);
    expect(publisher.connected).toBe(false);
  });

  it('resumes from its checkpoint after a restart', async () => {
    const first = await log.create();
    const relay = await startRelay();
    await publisher.untilPublished(topics.events, 1);
    await stopRelay(relay);
    const second = await log.create();

    const afterRestart = new RecordingPublisher();
    await startRelay(afterRestart);
    await afterRestart.untilPublished(topics.events, 1);

    expect(revisionsOf(publisher)).toEqual([`${first.slice(0, 8)}@0`]);
    expect(revisionsOf(afterRestart)).toEqual([`${second.slice(0, 8)}@0`]);
  });

  it('re-publishes, without a gap, what was acknowledged but not checkpointed before a crash', async () => {
    const userId = await log.create();
    const first = await startRelay();
    await publisher.untilPublished(topics.events, 1);
    await stopRelay(first);

    // This run "dies" after each send, before the checkpoint is written.
    const save = jest.spyOn(checkpoints, 'save').mockResolvedValue();
    const crashing = await startRelay();
    await log.update(userId, { firstName: 'Ravi' });
    await log.update(userId, { firstName: 'Rani' });
    await publisher.untilPublished(topics.events, 3);
    await stopRelay(crashing);
    save.mockRestore();

    const afterRestart = new RecordingPublisher();
    await startRelay(afterRestart);
    await afterRestart.untilPublished(topics.events, 2);

    const id = userId.slice(0, 8);
    expect(revisionsOf(publisher)).toEqual([`${id}@0`, `${id}@1`, `${id}@2`]);
    expect(revisionsOf(afterRestart)).toEqual([`${id}@1`, `${id}@2`]);
  });

  it('starts over when the checkpoint lies beyond the log (the log was replaced)', async () => {
    await checkpoints.save(1000n);
    const userId = await log.create();

    await startRelay();
    await publisher.untilPublished(topics.events, 1);

    expect(revisionsOf(publisher)).toEqual([`${userId.slice(0, 8)}@0`]);
  });
});
