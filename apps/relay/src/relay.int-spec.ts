import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { RosterConfig } from '@roster/config';
import { loadConfig } from '@roster/config';
import type { EventStore, RecordedEvent } from '@roster/event-store';
import type { UserEventValueV1, UserStateValueV1 } from '@roster/messaging';
import { userTopicNames } from '@roster/messaging';
import type { ReadMessage } from '@roster/messaging/testing';
import { requireKafkaBrokers, secretMarkersIn, TENANT, TopicReader, UserLog } from '@roster/messaging/testing';
import { connectEventStore, connectProtectedEventStore } from '@roster/stores';
import { contextFrom, runWithContext } from '@roster/observability';
import { Kafka, logLevel } from 'kafkajs';
import { InMemoryRelayCheckpointStore } from './checkpoint/in-memory-relay-checkpoint-store';
import type { RelayCheckpointStore } from './checkpoint/relay-checkpoint-store';
import { createMessagePublisher, createRelayCheckpointStore } from './relay.module';
import { RelayService } from './relay.service';
import { RelayProcessModule } from './relay-process.module';

/** Users with updates, re-parenting, secrets of every kind, and internal streams in between. */
async function writeUsers(log: UserLog, count: number): Promise<void> {
  let parentId: string | null = null;
  for (let n = 0; n < count; n++) {
    const userId = await log.create({ firstName: `Asha ${n}`, mobile: `98${String(n).padStart(8, '0')}` });
    await log.internal(`username-default-CITIZEN-user${n}-${randomUUID()}`);
    await log.update(userId, { lastName: `Kaur ${n}` });
    if (parentId) await log.link(userId, parentId);
    if (n % 3 === 0) await log.passwordChanged(userId);
    if (n % 5 === 0) await log.tamperedUpdate(userId);
    parentId = n % 4 === 0 ? userId : parentId;
  }
}

const valueOf = <T>(message: ReadMessage): T => JSON.parse(message.value) as T;

/** Per user, in the order a consumer of its partition sees them. */
function revisionsPerUser(messages: ReadMessage[]): Map<string, number[]> {
  const perUser = new Map<string, number[]>();
  for (const message of messages) {
    const revisions = perUser.get(message.key) ?? [];
    revisions.push(valueOf<{ streamRevision: number }>(message).streamRevision);
    perUser.set(message.key, revisions);
  }
  return perUser;
}

describe('relay against a real broker', () => {
  const brokers = requireKafkaBrokers();
  let dataDir: string;
  let environment: Record<string, string>;
  let config: RosterConfig;
  let store: EventStore;
  let log: UserLog;
  let reader: TopicReader | null;
  const topics = () => userTopicNames(config.kafka!.topicPrefix);

  beforeAll(() => Logger.overrideLogger(['error']));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'roster-relay-it-'));
    const prefix = `it-relay-${randomUUID().slice(0, 8)}`;
    environment = {
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '3',
      DATA_DIR: dataDir,
      EVENT_STORE: 'sqlite',
    };
    config = loadConfig(environment);
    store = await connectEventStore(config);
    log = new UserLog(store);
    reader = null;
  });
  afterEach(async () => {
    await reader?.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new Kafka({ brokers: config.kafka!.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topics().events, topics().state] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function startRelay(
    checkpoints: RelayCheckpointStore = createRelayCheckpointStore(config),
  ): Promise<RelayService> {
    const relay = new RelayService(store, createMessagePublisher(config), checkpoints, config);
    await relay.onApplicationBootstrap();
    return relay;
  }

  const userEventsOf = (events: RecordedEvent[]) => events.filter((event) => event.stream.startsWith('user-'));

  it('publishes every user event in per-user order with CloudEvents headers, the latest state of each user, and no secret', async () => {
    await writeUsers(log, 40);
    const relay = await startRelay();
    const userEvents = userEventsOf(await store.readAll(null, 100_000));
    const lastRevisions = new Map(userEvents.map((event) => [event.stream.slice('user-'.length), event.revision]));

    reader = await TopicReader.start(config.kafka!.brokers, [topics().events, topics().state]);
    await reader.until(
      (read) =>
        read.of(topics().events).length >= userEvents.length &&
        [...revisionsPerUser(read.of(topics().state))].every(
          ([userId, revisions]) => revisions.at(-1) === lastRevisions.get(userId),
        ) &&
        revisionsPerUser(read.of(topics().state)).size === lastRevisions.size,
    );
    await relay.beforeApplicationShutdown();

    const events = reader.of(topics().events);
    expect(events.map((message) => message.headers.ce_id).sort()).toEqual(userEvents.map((event) => event.id).sort());
    for (const [userId, revisions] of revisionsPerUser(events)) {
      expect(revisions).toEqual(Array.from({ length: lastRevisions.get(userId)! + 1 }, (_, revision) => revision));
    }
    for (const message of events) {
      const value = valueOf<UserEventValueV1>(message);
      expect(message.key).toBe(value.userId);
      expect(message.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: value.id,
        ce_type: `roster.user.${value.type}.v1`,
        ce_source: 'roster/user-service',
        ce_time: value.recordedAt,
        'content-type': 'application/json',
      });
    }
    for (const message of reader.messages)
      expect({ topic: message.topic, secrets: secretMarkersIn(message) }).toEqual({
        topic: message.topic,
        secrets: [],
      });
    for (const message of reader.of(topics().state))
      expect(message.key).toBe(valueOf<UserStateValueV1>(message).userId);
  });

  it('publishes an erasure: UserErased without personal data on the events topic, a tombstone on the state topic', async () => {
    // The store with its erasure of personal data, as the user service holds it.
    await store.close();
    const { eventStore, personalData } = await connectProtectedEventStore(config);
    store = eventStore;
    log = new UserLog(store);
    const marker = `zq${randomUUID().slice(0, 8)}`;
    const erased = await log.create({ firstName: marker, lastName: `${marker}son`, email: `${marker}@mail.test` });
    await log.update(erased, { mobile: '9811112222' });
    const kept = await log.create({ firstName: 'Kept' });
    const relay = await startRelay();
    reader = await TopicReader.start(config.kafka!.brokers, [topics().events, topics().state]);
    const statesOf = (userId: string) => reader!.of(topics().state).filter((message) => message.key === userId);
    await reader.until(() => statesOf(erased).length > 0 && statesOf(kept).length > 0);
    expect(statesOf(erased)[0].value).toContain(marker); // the state topic held the person: the tombstone must cover it

    const erasure = await log.erase(erased);
    await reader.until(() => statesOf(erased).some((message) => message.tombstone));
    await reader.until((read) => read.of(topics().events).some((message) => message.headers.ce_id === erasure.id));
    await relay.beforeApplicationShutdown();

    const published = reader.of(topics().events).find((message) => message.headers.ce_id === erasure.id)!;
    expect(published.key).toBe(erased);
    expect(published.headers.ce_type).toBe('roster.user.UserErased.v1');
    expect(valueOf<UserEventValueV1>(published)).toMatchObject({
      type: 'UserErased',
      userId: erased,
      streamRevision: 2,
    });
    expect(valueOf<UserEventValueV1>(published).data).toEqual({
      userId: erased,
      tenantId: TENANT,
      userType: 'CITIZEN',
      numericId: 42,
      by: 'admin-1',
      at: erasure.data.at,
    });
    expect(published.value).not.toContain(marker);
    expect(published.value).not.toContain('9811112222');
    // The user's last state record is the tombstone (what compaction keeps until it drops the key); the other user stays.
    expect(statesOf(erased).at(-1)).toMatchObject({ tombstone: true, headers: {} });
    expect(statesOf(kept).every((message) => !message.tombstone)).toBe(true);

    // Once the key is destroyed, a relay replaying the whole log (a lost checkpoint) publishes nothing of the person:
    // for the erased user only its UserErased and the tombstone. Fresh topics hold only what the replay sent.
    await personalData.erase(erased, new Date(erasure.data.at as string));
    const replay = loadConfig({ ...environment, KAFKA_TOPIC_PREFIX: `${config.kafka!.topicPrefix}-replay` });
    const replayTopics = userTopicNames(replay.kafka!.topicPrefix);
    const replayRelay = new RelayService(
      store,
      createMessagePublisher(replay),
      new InMemoryRelayCheckpointStore(),
      replay,
    );
    await replayRelay.onApplicationBootstrap();
    const replayReader = await TopicReader.start(replay.kafka!.brokers, [replayTopics.events, replayTopics.state]);
    try {
      await replayReader.until(
        (read) =>
          read.of(replayTopics.state).some((message) => message.key === erased) &&
          read.of(replayTopics.state).some((message) => message.key === kept) &&
          read.of(replayTopics.events).some((message) => message.key === erased),
      );
      const ofErased = (topic: string) => replayReader.of(topic).filter((message) => message.key === erased);
      expect(ofErased(replayTopics.events).map((message) => message.headers.ce_id)).toEqual([erasure.id]);
      expect(ofErased(replayTopics.state).map((message) => message.tombstone)).toEqual([true]);
      expect(replayReader.messages.filter((message) => message.value.includes(marker))).toEqual([]);
      expect(replayReader.of(replayTopics.events).filter((message) => message.key === kept)).toHaveLength(1);
    } finally {
      await replayRelay.beforeApplicationShutdown();
      await replayReader.stop();
      const admin = new Kafka({ brokers: replay.kafka!.brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [replayTopics.events, replayTopics.state] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('hands the trace of the request that wrote an event on to Kafka consumers in a traceparent header', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = await runWithContext(contextFrom({ traceparent }), () => log.create({ firstName: 'Traced' }));
    const untraced = await log.create({ firstName: 'Untraced' });
    const relay = await startRelay();
    reader = await TopicReader.start(config.kafka!.brokers, [topics().events, topics().state]);
    await reader.until((read) => read.of(topics().events).length >= 2 && read.of(topics().state).length >= 2);
    await relay.beforeApplicationShutdown();

    const traceparentOf = (topic: string, userId: string) =>
      reader!.of(topic).find((message) => message.key === userId)?.headers.traceparent;
    expect(traceparentOf(topics().events, traced)).toBe(traceparent);
    expect(traceparentOf(topics().state, traced)).toBe(traceparent);
    expect(traceparentOf(topics().events, untraced)).toBeUndefined();
  });

  it('runs as its own process module from the configuration alone', async () => {
    await writeUsers(log, 3);
    const ownStore = await connectEventStore(config);
    const app = await NestFactory.createApplicationContext(RelayProcessModule.forRoot(config, ownStore), {
      logger: ['error'],
    });
    const userEvents = userEventsOf(await store.readAll(null, 100_000));
    reader = await TopicReader.start(config.kafka!.brokers, [topics().events]);
    await reader.until((read) => read.of(topics().events).length >= userEvents.length);
    await app.close();

    expect(await createRelayCheckpointStore(config).load()).toBe(await store.headPosition());
  });

  it('after a crash between send and checkpoint, re-publishes from the last checkpoint: duplicates, never a gap', async () => {
    const publishedEverything = async () => {
      const expected = userEventsOf(await store.readAll(null, 100_000)).length;
      await reader!.until(
        (read) => new Set(read.of(topics().events).map((message) => message.headers.ce_id)).size >= expected,
      );
    };

    await writeUsers(log, 10);
    const first = await startRelay();
    reader = await TopicReader.start(config.kafka!.brokers, [topics().events]);
    await publishedEverything();
    await first.beforeApplicationShutdown();

    // This run publishes but "dies" before any checkpoint reaches the disk.
    const lostCheckpoints = createRelayCheckpointStore(config);
    jest.spyOn(lostCheckpoints, 'save').mockResolvedValue();
    const crashing = await startRelay(lostCheckpoints);
    await writeUsers(log, 10);
    await publishedEverything();
    await crashing.beforeApplicationShutdown();

    const recovered = await startRelay();
    await writeUsers(log, 5);
    await publishedEverything();
    await recovered.beforeApplicationShutdown();

    const userEvents = userEventsOf(await store.readAll(null, 100_000));
    const events = reader.of(topics().events);
    expect(new Set(events.map((message) => message.headers.ce_id))).toEqual(
      new Set(userEvents.map((event) => event.id)),
    );
    expect(events.length).toBeGreaterThan(userEvents.length);
    const lastRevisions = new Map(userEvents.map((event) => [event.stream.slice('user-'.length), event.revision]));
    for (const [userId, revisions] of revisionsPerUser(events)) {
      expect({ userId, gaps: gapsIn(revisions) }).toEqual({ userId, gaps: [] });
      expect(Math.max(...revisions)).toBe(lastRevisions.get(userId));
    }
  });
});

/** Revisions a consumer would see before their predecessor: each must be at most one past the highest seen. */
function gapsIn(revisions: number[]): number[] {
  let highest = -1;
  const gaps: number[] = [];
  for (const revision of revisions) {
    if (revision > highest + 1) gaps.push(revision);
    highest = Math.max(highest, revision);
  }
  return gaps;
}
