import type { RosterConfig } from '@roster/config';
import { loadConfig } from '@roster/config';
import type { EventStore, RecordedEvent } from '@roster/event-store';
import { createKafka, MessagePublisher, userTopicNames } from '@roster/messaging';
import {
  createMessagePublisher,
  InMemoryRelayCheckpointStore,
  RELAY_BATCH_SIZE,
  relayBatch,
  RelayService,
} from '@roster/relay';
import { connectEventStore } from '@roster/stores';
import type { TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../bench';
import { appendUsers, userCreation } from '../bulk-load';
import type { Percentiles } from '../stats';
import { median, percentilesOf } from '../stats';

/** Users in the pre-built log for the throughput runs (about 1.01 events each: every 100th user also gets ParentLinked). */
const THROUGHPUT_USERS = 50_000;
const LAG_RATE = 1_000;

/**
 * `--only p7`: the relay (RelayService with the real KafkaPublisher: idempotent, acks=all) against KAFKA_BROKERS.
 *
 * - Throughput: a log of THROUGHPUT_USERS users is built first (bulk-load path); each run starts a relay from
 *   an empty checkpoint and times it until its checkpoint reaches the log's head, in events/s of the log.
 * - Reference, same run: the same messages (relayBatch of the same RELAY_BATCH_SIZE-event batches, so the same
 *   sizes and batching) sent by a raw kafkajs producer, one awaited sendBatch at a time, acks=all, idempotent.
 * - Publish lag: with the relay caught up, users are appended one at a time at LAG_RATE events/s; the lag of an
 *   event is from its append resolving (durable in the log) to the broker's ack of the send that carried it,
 *   as the relay sees it (its publish resolving).
 *
 * Topics get a fresh prefix per run and exactly those topics are deleted afterwards: the broker is shared.
 */
export async function p7Relay(bench: Bench): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('--only p7 needs KAFKA_BROKERS (e.g. `bash scripts/infra/up.sh kafka; . .infra/env`)');
  const prefix = `bench-p7-${randomUUID().slice(0, 8)}`;
  const env = {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    EVENT_STORE: 'sqlite',
    DATA_DIR: bench.freshDir('p7-data'),
  };
  const config = loadConfig(env);
  const reference = loadConfig({ ...env, KAFKA_TOPIC_PREFIX: `${prefix}-raw` });
  // As the relay opens it: the log it publishes from is encrypted, and it reads it back plain.
  const store = await connectEventStore(config);
  try {
    bench.log(`P7 building a log of ${THROUGHPUT_USERS.toLocaleString('en')} users; topics ${prefix}.*`);
    const events = await appendUsers(store, 0, THROUGHPUT_USERS);
    const head = (await store.headPosition()) as bigint;
    const sends = await relayedSends(store, config);
    for (const topicsOf of [config, reference]) {
      const publisher = createMessagePublisher(topicsOf); // creates the topics, so no run times their creation
      await publisher.connect();
      await publisher.disconnect();
    }

    const raw = await bench.repeat('P7 reference: raw kafkajs batched sends', () =>
      rawSends(reference, prefix, sends, events),
    );
    const relayed = await bench.repeat('P7 relay throughput', () => relayThroughput(store, config, head, events));
    const rawValue = median(raw);
    bench.results.detail('p7-throughput', {
      events,
      relayed,
      raw,
      messages: sends.reduce((sum, send) => sum + countOf(send), 0),
    });
    bench.results.add({
      id: 'P7',
      what: 'relay throughput, acks=all, idempotent',
      users: THROUGHPUT_USERS,
      value: median(relayed),
      unit: 'events/s',
      runs: relayed,
      target: { atLeast: 20_000 },
      reference: { name: 'raw kafkajs batched sends', value: rawValue, unit: 'events/s' },
      note: `${events.toLocaleString('en')} events, ${RELAY_BATCH_SIZE} per send (event + state messages); ${config.kafka?.topicPartitions} partitions`,
    });

    let nextUser = THROUGHPUT_USERS; // every run appends users that do not exist yet
    const lags = await bench.repeat(`P7 publish lag at ${LAG_RATE} appends/s`, () => {
      const first = nextUser;
      nextUser += LAG_RATE * (1 + bench.options.rateSeconds);
      return publishLag(bench, store, config, first);
    });
    bench.results.detail('p7-lag', lags);
    const p99 = lags.map((lag) => lag.p99);
    bench.results.add({
      id: 'P7',
      what: `publish lag p99 at ${LAG_RATE} events/s (append → broker ack)`,
      value: median(p99),
      unit: 'ms',
      runs: p99,
      target: { atMost: 100 },
      note: `p50 ${median(lags.map((lag) => lag.p50)).toFixed(1)} ms, max ${median(lags.map((lag) => lag.max)).toFixed(1)} ms; ${lags[0].count} events per run`,
    });
  } finally {
    await store.close();
    await deleteTopics(config, [config, reference], bench);
  }
}

/** What the relay sends for the whole log: one TopicMessages[] per batch of RELAY_BATCH_SIZE events. */
async function relayedSends(store: EventStore, config: RosterConfig): Promise<TopicMessages[][]> {
  const topics = userTopicNames(config.kafka?.topicPrefix as string);
  const sends: TopicMessages[][] = [];
  for (let after = null as bigint | null; ;) {
    const batch: RecordedEvent[] = await store.readAll(after, RELAY_BATCH_SIZE);
    if (batch.length === 0) return sends;
    sends.push(await relayBatch(batch, topics, (stream) => store.readStream(stream)));
    after = batch[batch.length - 1].position;
  }
}

const countOf = (send: TopicMessages[]) => send.reduce((sum, topic) => sum + topic.messages.length, 0);

/** The reference: a plain kafkajs producer (idempotent, acks=all) sending the prepared batches one after another. */
async function rawSends(
  reference: RosterConfig,
  relayPrefix: string,
  sends: TopicMessages[][],
  events: number,
): Promise<number> {
  const producer = createKafka(reference.kafka as NonNullable<RosterConfig['kafka']>).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const topics = userTopicNames(reference.kafka?.topicPrefix as string);
    const relayed = userTopicNames(relayPrefix);
    const renamed = sends.map((send) =>
      send.map(({ topic, messages }) => ({ topic: topic === relayed.state ? topics.state : topics.events, messages })),
    );
    const started = performance.now();
    for (const topicMessages of renamed) await producer.sendBatch({ topicMessages, acks: -1 });
    return events / ((performance.now() - started) / 1000);
  } finally {
    await producer.disconnect();
  }
}

async function relayThroughput(store: EventStore, config: RosterConfig, head: bigint, events: number): Promise<number> {
  const checkpoints = new InMemoryRelayCheckpointStore();
  const relay = new RelayService(store, createMessagePublisher(config), checkpoints, config);
  const started = performance.now();
  await relay.onApplicationBootstrap();
  try {
    while (((await checkpoints.load()) ?? -1n) < head) await sleep(5);
    return events / ((performance.now() - started) / 1000);
  } finally {
    await relay.beforeApplicationShutdown();
  }
}

/** Wraps the relay's publisher: when a send is acknowledged, the lag of every user event it carried. */
class AckTimingPublisher extends MessagePublisher {
  readonly lags: number[] = [];
  constructor(
    private readonly inner: MessagePublisher,
    private readonly eventsTopic: string,
    private readonly appendedAt: Map<string, number>,
  ) {
    super();
  }

  connect(): Promise<void> {
    return this.inner.connect();
  }

  async publish(batch: TopicMessages[]): Promise<void> {
    await this.inner.publish(batch);
    const now = performance.now();
    for (const message of batch.find(({ topic }) => topic === this.eventsTopic)?.messages ?? []) {
      const at = this.appendedAt.get(String(message.key));
      if (at === undefined) continue;
      this.lags.push(now - at);
    }
  }

  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
}

/**
 * Appends new users (one atomic append each, the way the user-service does) at LAG_RATE events/s for
 * `rateSeconds` after a one-second warm-up, with a relay running that starts at the log's head.
 */
async function publishLag(
  bench: Bench,
  store: EventStore,
  config: RosterConfig,
  firstUser: number,
): Promise<Percentiles> {
  const appendedAt = new Map<string, number>();
  const publisher = new AckTimingPublisher(
    createMessagePublisher(config),
    userTopicNames(config.kafka?.topicPrefix as string).events,
    appendedAt,
  );
  const checkpoints = new InMemoryRelayCheckpointStore();
  await checkpoints.save((await store.headPosition()) as bigint);
  const relay = new RelayService(store, publisher, checkpoints, config);
  await relay.onApplicationBootstrap();
  try {
    const warmUp = LAG_RATE;
    const total = warmUp + LAG_RATE * bench.options.rateSeconds; // one user per append, ~1.01 events
    const start = performance.now() + 5;
    const appends: Promise<void>[] = [];
    let sent = 0;
    while (sent < total) {
      const now = performance.now();
      for (; sent < total && start + (sent * 1000) / LAG_RATE <= now; sent++) {
        const index = firstUser + sent;
        const recorded = sent >= warmUp;
        const append = userCreation(index);
        appends.push(
          store.appendMany([append]).then(() => {
            if (recorded) appendedAt.set(append.stream.slice('user-'.length), performance.now());
          }),
        );
      }
      await sleep(1);
    }
    await Promise.all(appends);
    const head = (await store.headPosition()) as bigint;
    const deadline = performance.now() + 30_000;
    while (((await checkpoints.load()) ?? -1n) < head && performance.now() < deadline) await sleep(5);
    return percentilesOf(publisher.lags);
  } finally {
    await relay.beforeApplicationShutdown();
  }
}

/** Deletes exactly this run's topics (the broker is shared with other engineers). */
async function deleteTopics(config: RosterConfig, configs: RosterConfig[], bench: Bench): Promise<void> {
  const names = configs.flatMap((each) => Object.values(userTopicNames(each.kafka?.topicPrefix as string)));
  const admin = createKafka(config.kafka as NonNullable<RosterConfig['kafka']>).admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const mine = names.filter((name) => existing.has(name));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    bench.log(`P7 deleted topics ${mine.join(', ')}`);
  } catch (error) {
    bench.log(`P7 could not delete topics ${names.join(', ')}: ${String(error)}`);
  } finally {
    await admin.disconnect();
  }
}
