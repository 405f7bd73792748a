import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { EventStore, Position, RecordedEvent, Subscription } from '@roster/event-store';
import { MessagePublisher, userTopicNames, UserTopicNames } from '@roster/messaging';
import type { LagSource } from '@roster/observability';
import { inSpan, kafkaPublishErrors, relayedMessages, SpanKind, trackLag } from '@roster/observability';
import type { TopicMessages } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RelayCheckpointStore } from './checkpoint/relay-checkpoint-store';
import { relayBatch } from './relay-batch';

/**
 * Events per relayed batch, i.e. per acknowledged send and checkpoint write. The store's default (500) made
 * each send small and the relay latency-bound; 2,000 stays well under the broker's 1 MB record-batch
 * limit per partition (about 1 KB per event message, spread over the topics' partitions).
 */
export const RELAY_BATCH_SIZE = 2000;

export interface RelayOptions {
  /** Events per batch (default RELAY_BATCH_SIZE). */
  batchSize?: number;
  /** First wait after a failed send or checkpoint save; doubles per failure (default 50 ms). */
  retryInitialDelayMs?: number;
  /** Longest wait between retries (default 2000 ms). */
  retryMaxDelayMs?: number;
}

/** Optional DI token for RelayOptions. */
export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

/**
 * Publishes the log to Kafka: a catch-up subscription to the whole log from the relay's own checkpoint.
 * The event store is the outbox, so there is no dual write.
 *
 * Delivery is at-least-once: a batch is published in one acknowledged send, and only then is the
 * checkpoint moved past it. A failed send is sent again, the very same batch, with back-off until the broker
 * takes it; a crash before the checkpoint was saved re-publishes from the last saved one. Either way events
 * may repeat (consumers de-duplicate on `ce_id`) but are never skipped, and each user's events reach its
 * partition in stream order, since key = user id and batches go out one at a time in log order.
 *
 * One batch is in flight while the next is read and turned into messages: the relay's own work (reading,
 * decrypting, encoding) overlaps the broker's, instead of the two taking turns. The next batch is sent only
 * once the previous one was acknowledged and checkpointed.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, BeforeApplicationShutdown, LagSource {
  private readonly logger = new Logger(RelayService.name);
  private readonly topics: UserTopicNames;
  private subscription: Subscription | null = null;
  private readonly batchSize: number;
  private readonly retryInitialDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private relayed: Position | null = null;
  /** The batch on its way to the broker: resolves once it was acknowledged and checkpointed. */
  private inFlight: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    readonly store: EventStore,
    private readonly publisher: MessagePublisher,
    private readonly checkpoints: RelayCheckpointStore,
    config: RosterConfig,
    @Optional() @Inject(RELAY_OPTIONS) options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? RELAY_BATCH_SIZE;
    this.retryInitialDelayMs = options.retryInitialDelayMs ?? 50;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 2000;
    if (!config.kafka) throw new Error('the relay needs KAFKA_BROKERS');
    this.topics = userTopicNames(config.kafka.topicPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.connect();
    const start = await this.startPosition();
    this.relayed = start;
    trackLag('relay', this);
    this.logger.log(`relaying to ${this.topics.events} and ${this.topics.state} from position ${start ?? 'start'}`);
    // A failed read is retried by the subscription (and logged by the store's subscription options).
    this.subscription = this.store.subscribeAll(start, (batch) => this.relay(batch), { batchSize: this.batchSize });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A send being retried gives up (its batch goes out again after the restart); one the broker is answering
    // still ends with its checkpoint.
    this.stopping.abort();
    await this.subscription?.stop();
    this.subscription = null;
    await this.inFlight.catch(() => undefined);
    await this.publisher.disconnect();
  }

  /** Position of the last event published (for the lag metrics). */
  position(): Position | null {
    return this.relayed;
  }

  private relay(batch: RecordedEvent[]): Promise<void> {
    return inSpan(
      'relay publish',
      { kind: SpanKind.PRODUCER, attributes: { 'roster.events': batch.length } },
      async () => {
        // Built while the previous batch is still in flight.
        const messages = await relayBatch(batch, this.topics, (stream) => this.store.readStream(stream));
        // Rejects only when the relay stops; the subscription then ends without taking the next batch.
        await this.inFlight;
        this.inFlight = this.deliver(messages, batch[batch.length - 1].position);
        this.inFlight.catch(() => undefined); // awaited by the next batch or at shutdown
      },
    );
  }

  /** Publishes one batch, then saves the checkpoint past it; each step is retried with back-off until it succeeds. */
  private async deliver(messages: TopicMessages[], last: Position): Promise<void> {
    if (messages.length > 0) await this.untilDone('publishing', () => this.publish(messages));
    await this.untilDone('saving the checkpoint', () => this.checkpoints.save(last));
    this.relayed = last;
  }

  private async untilDone(what: string, attempt: () => Promise<void>): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        return await attempt();
      } catch (error) {
        if (this.stopping.signal.aborted) throw error;
        const delay = Math.min(this.retryMaxDelayMs, this.retryInitialDelayMs * 2 ** failures);
        this.logger.warn(`${what} failed, retrying in ${delay} ms: ${error instanceof Error ? error.message : error}`);
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        if (this.stopping.signal.aborted) throw error;
      }
    }
  }

  private async publish(messages: TopicMessages[]): Promise<void> {
    try {
      await this.publisher.publish(messages);
    } catch (error) {
      kafkaPublishErrors.inc();
      throw error;
    }
    for (const { topic, messages: records } of messages) relayedMessages.inc({ topic }, records.length);
  }

  /**
   * A checkpoint beyond the log's head belongs to another log (the data directory was wiped, another store
   * configured): resuming from it would silently skip the new log's events, so the relay starts over.
   */
  private async startPosition(): Promise<Position | null> {
    const checkpoint = await this.checkpoints.load();
    if (checkpoint === null) return null;
    const head = await this.store.headPosition();
    if (head !== null && checkpoint <= head) return checkpoint;
    this.logger.warn(
      `checkpoint ${checkpoint} is beyond the log's head (${head ?? 'empty log'}): relaying from the start`,
    );
    return null;
  }
}
