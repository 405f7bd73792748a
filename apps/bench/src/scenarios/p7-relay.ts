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
import { compatibilityPartitioner, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import type { Message, TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Bench } from '../bench';
import { appendUsers, userCreation } from '../bulk-load';
import { profiled } from '../cpu-profile';
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
 * - The broker's own limit, same run: Kafka's kafka-producer-perf-test (the Java producer, acks=all, idempotent,
 *   no compression) sending as many records as the relay sends, each the average size of the relay's records
 *   (key + value + headers), to a topic with as many partitions. The relay's figure is compared with it.
 * - Reference, same run: the same messages (relayBatch of the same RELAY_BATCH_SIZE-event batches, so the same
 *   sizes and batching) sent by a raw kafkajs producer, one awaited sendBatch at a time, acks=all, idempotent.
 * - Candidate, same run: the same batches sent the same way by @platformatic/kafka (a maintained pure-JS client,
 *   acks=all, idempotent, Java-compatible murmur2 partitioning): what the relay could reach without kafkajs.
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
  const candidate = loadConfig({ ...env, KAFKA_TOPIC_PREFIX: `${prefix}-platformatic` });
  // As the relay opens it: the log it publishes from is encrypted, and it reads it back plain.
  const store = await connectEventStore(config);
  try {
    bench.log(`P7 building a log of ${THROUGHPUT_USERS.toLocaleString('en')} users; topics ${prefix}.*`);
    const events = await appendUsers(store, 0, THROUGHPUT_USERS);
    const head = (await store.headPosition()) as bigint;
    const sends = await relayedSends(store, config);
    const records = recordsOf(sends);
    const perfTopic = `${prefix}-perf`;
    for (const topicsOf of [config, reference, candidate]) {
      const publisher = createMessagePublisher(topicsOf); // creates the topics, so no run times their creation
      await publisher.connect();
      await publisher.disconnect();
    }
    const partitions = config.kafka?.topicPartitions as number;
    await createTopic(config, perfTopic, partitions);

    const limits = await bench
      .repeat('P7 broker limit: kafka-producer-perf-test', () => brokerLimit(brokers, perfTopic, records))
      .catch((error: unknown) => {
        // A broker of one's own without Java or Maven beside it: the relay is still measured, without its yardstick.
        bench.log(`P7 broker limit not measured: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      });
    const rawRuns = await bench.repeat('P7 reference: raw kafkajs batched sends', (run) =>
      profiled(profileFile(bench, `p7-kafkajs-run${run}`), () =>
        withCpu(() => rawSends(reference, prefix, sends, events)),
      ),
    );
    const candidateRuns = await bench.repeat('P7 candidate: raw @platformatic/kafka batched sends', (run) =>
      profiled(profileFile(bench, `p7-platformatic-run${run}`), () =>
        withCpu(() => rawPlatformaticSends(candidate, prefix, sends, events)),
      ),
    );
    const relayRuns = await bench.repeat('P7 relay throughput', (run) =>
      profiled(profileFile(bench, `p7-relay-run${run}`), () =>
        withCpu(() => relayThroughput(store, config, head, events)),
      ),
    );
    bench.results.detail('p7-throughput', { events, records, relayRuns, rawRuns, candidateRuns, brokerLimit: limits });
    const raw = rawRuns.map((run) => run.eventsPerSecond);
    const relayed = relayRuns.map((run) => run.eventsPerSecond);

    // Records per event: an event message per event and a state message per user of a batch.
    const recordsPerEvent = records.count / events;
    // What bounds a producer that runs on one JS thread: how busy this process was, and its CPU per record.
    const cpuNote = (runs: ThroughputRun[]) => {
      const cores = median(runs.map((run) => run.cores));
      const perRecord = median(runs.map((run) => (run.cores / (run.eventsPerSecond * recordsPerEvent)) * 1e6));
      return `process ${cores.toFixed(2)} cores, ${perRecord.toFixed(0)} µs CPU per record`;
    };
    const limit = limits.length > 0 ? median(limits.map((run) => run.recordsPerSecond)) : null;
    const sizeNote = `${records.count.toLocaleString('en')} records of ${records.averageBytes} B (the relay's average key + value + headers), ${partitions} partitions`;
    if (limit !== null)
      bench.results.add({
        id: 'REF',
        what: 'Kafka broker limit: kafka-producer-perf-test, acks=all, idempotent',
        value: limit,
        unit: 'records/s',
        runs: limits.map((run) => run.recordsPerSecond),
        note: `${median(limits.map((run) => run.megabytesPerSecond)).toFixed(1)} MB/s; ${sizeNote}; Java producer defaults otherwise, no compression; = ${Math.round(limit / recordsPerEvent).toLocaleString('en')} events/s of this log`,
      });
    const rawValue = median(raw);
    bench.results.add({
      id: 'REF',
      what: "raw kafkajs: the relay's batches, one awaited sendBatch at a time",
      value: rawValue,
      unit: 'events/s',
      runs: raw,
      note: `${Math.round(rawValue * recordsPerEvent).toLocaleString('en')} records/s${limit === null ? '' : ` (${((rawValue * recordsPerEvent) / limit).toFixed(2)}× the broker limit)`}; ${cpuNote(rawRuns)}; acks=all, idempotent, one request in flight`,
    });
    const candidateValue = median(candidateRuns.map((run) => run.eventsPerSecond));
    bench.results.add({
      id: 'REF',
      what: "raw @platformatic/kafka: the relay's batches, one awaited send at a time",
      value: candidateValue,
      unit: 'events/s',
      runs: candidateRuns.map((run) => run.eventsPerSecond),
      note: `${Math.round(candidateValue * recordsPerEvent).toLocaleString('en')} records/s${limit === null ? '' : ` (${((candidateValue * recordsPerEvent) / limit).toFixed(2)}× the broker limit)`}; ${(candidateValue / rawValue).toFixed(2)}× raw kafkajs; ${cpuNote(candidateRuns)}; acks=all, idempotent, one send in flight`,
    });
    const relay = median(relayed);
    const brokerEvents = limit === null ? null : limit / recordsPerEvent;
    bench.results.add({
      id: 'P7',
      what: 'relay throughput, acks=all, idempotent',
      users: THROUGHPUT_USERS,
      value: relay,
      unit: 'events/s',
      runs: relayed,
      // performance.md: ≥ 20,000 events/s, or half of what the broker itself takes, whichever is lower.
      target: { atLeast: brokerEvents === null ? 20_000 : Math.min(20_000, brokerEvents / 2) },
      reference:
        brokerEvents === null
          ? { name: 'raw kafkajs batched sends', value: rawValue, unit: 'events/s' }
          : { name: 'the broker limit (kafka-producer-perf-test)', value: brokerEvents, unit: 'events/s' },
      note: `${events.toLocaleString('en')} events = ${records.count.toLocaleString('en')} records (event + state messages), ${Math.round(relay * recordsPerEvent).toLocaleString('en')} records/s, ${((relay * recordsPerEvent * records.averageBytes) / 2 ** 20).toFixed(1)} MB/s; ${(relay / rawValue).toFixed(2)}× raw kafkajs; ${cpuNote(relayRuns)}; target ≥ 20,000 events/s or ≥ 0.5× the broker limit`,
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
    const topicsOf = (each: RosterConfig) => Object.values(userTopicNames(each.kafka?.topicPrefix as string));
    const topics = [config, reference, candidate].flatMap(topicsOf);
    await deleteTopics(config, [...topics, `${prefix}-perf`], bench);
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

interface ThroughputRun {
  eventsPerSecond: number;
  /** CPU this process used over the run, in cores (1 = its one JS thread never waited). */
  cores: number;
}

async function withCpu(work: () => Promise<number>): Promise<ThroughputRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const eventsPerSecond = await work();
  const used = process.cpuUsage(cpu);
  return { eventsPerSecond, cores: (used.user + used.system) / 1000 / (performance.now() - started) };
}

interface RelayRecords {
  count: number;
  /** Key + value + header names and values, rounded: what kafka-producer-perf-test sends per record. */
  averageBytes: number;
}

function recordsOf(sends: TopicMessages[][]): RelayRecords {
  let count = 0;
  let bytes = 0;
  for (const send of sends)
    for (const { messages } of send)
      for (const message of messages) {
        count++;
        bytes += recordBytes(message);
      }
  return { count, averageBytes: Math.round(bytes / count) };
}

function recordBytes({ key, value, headers }: Message): number {
  const size = (part: string | Buffer | null | undefined) => (part ? Buffer.byteLength(part) : 0);
  let bytes = size(key) + size(value);
  for (const [name, header] of Object.entries(headers ?? {}))
    for (const part of Array.isArray(header) ? header : [header]) bytes += Buffer.byteLength(name) + size(part);
  return bytes;
}

interface BrokerLimit {
  recordsPerSecond: number;
  /** MiB/s, as the tool prints it ("MB/sec"). */
  megabytesPerSecond: number;
}

/**
 * One run of Kafka's kafka-producer-perf-test (scripts/infra fetches it beside the broker): the relay's count
 * of records at the relay's average size, unthrottled, with the relay's delivery settings and otherwise the
 * Java producer's defaults (which batch and pipeline up to 5 requests per partition leader).
 */
async function brokerLimit(brokers: string, topic: string, records: RelayRecords): Promise<BrokerLimit> {
  const { stdout } = await promisify(execFile)(
    'bash',
    [
      'scripts/infra/kafka-producer-perf-test.sh',
      ...['--topic', topic, '--num-records', String(records.count), '--record-size', String(records.averageBytes)],
      ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${brokers}`],
      ...['acks=all', 'enable.idempotence=true', 'compression.type=none'],
    ],
    { maxBuffer: 1 << 20 },
  );
  // The last line sums up the run: "100 records sent, 2.5 records/sec (0.01 MB/sec), …".
  const summary = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(stdout.trim().split('\n').at(-1) ?? '');
  if (!summary) throw new Error(`kafka-producer-perf-test printed no summary: ${stdout.slice(-500)}`);
  return { recordsPerSecond: Number(summary[1]), megabytesPerSecond: Number(summary[2]) };
}

async function createTopic(config: RosterConfig, topic: string, numPartitions: number): Promise<void> {
  const admin = createKafka(config.kafka as NonNullable<RosterConfig['kafka']>).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** With --cpu-prof, where the profile of an in-process run goes (these runs have no server process to profile). */
function profileFile(bench: Bench, name: string): string | null {
  return bench.options.cpuProfile ? join(bench.options.outDir, 'profiles', `${name}.cpuprofile`) : null;
}

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

/** The same batches through the same topics' layout as rawSends, sent by a raw @platformatic/kafka producer. */
async function rawPlatformaticSends(
  candidate: RosterConfig,
  relayPrefix: string,
  sends: TopicMessages[][],
  events: number,
): Promise<number> {
  const kafka = candidate.kafka as NonNullable<RosterConfig['kafka']>;
  const producer = new Producer({
    clientId: kafka.clientId,
    bootstrapBrokers: kafka.brokers,
    serializers: stringSerializers, // the relay's keys, values and headers are strings (null: a tombstone)
    idempotent: true,
    acks: ProduceAcks.ALL,
    // Java's (and kafkajs' DefaultPartitioner's) murmur2 & 0x7fffffff: a key lands on the partition it does with kafkajs.
    partitioner: compatibilityPartitioner,
    autocreateTopics: false,
  });
  try {
    const topics = userTopicNames(candidate.kafka?.topicPrefix as string);
    const relayed = userTopicNames(relayPrefix);
    const renamed = sends.map((send) =>
      send.flatMap(({ topic, messages }) =>
        messages.map(({ key, value, headers }) => ({
          topic: topic === relayed.state ? topics.state : topics.events,
          key: key as string,
          value: (value as string | null) ?? undefined, // a tombstone: no value
          headers: headers as Record<string, string>,
        })),
      ),
    );
    // Connects and learns the topics' leaders outside the timed part, as kafkajs' connect() does for rawSends.
    await producer.metadata({ topics: [topics.events, topics.state] });
    const started = performance.now();
    for (const messages of renamed) await producer.send({ messages });
    return events / ((performance.now() - started) / 1000);
  } finally {
    await producer.close();
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
async function deleteTopics(config: RosterConfig, names: string[], bench: Bench): Promise<void> {
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
