import { ConsoleLogger, Logger } from '@nestjs/common';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '@roster/config';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { userTopicNames } from '@roster/messaging';
import { RecordingPublisher, UserLog } from '@roster/messaging/testing';
import {
  inSpan,
  InstrumentedEventStore,
  kafkaPublishErrors,
  relayedMessages,
  startTracing,
} from '@roster/observability';
import { InMemoryRelayCheckpointStore } from './checkpoint/in-memory-relay-checkpoint-store';
import { RelayService } from './relay.service';

const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC_PREFIX: 'test' });
const topics = userTopicNames('test');
const exporter = new InMemorySpanExporter();
startTracing('relay-spec', [new SimpleSpanProcessor(exporter)]);

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

/** The relay hands each record's trace on to Kafka consumers in a `traceparent` header. */
describe('RelayService and traces', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  let inner: InMemoryEventStore;
  let store: InstrumentedEventStore;
  let publisher: RecordingPublisher;
  let relay: RelayService;

  beforeEach(() => {
    exporter.reset();
    inner = new InMemoryEventStore({
      subscription: { retryInitialDelayMs: 1, retryMaxDelayMs: 5, onError: () => undefined },
    });
    store = new InstrumentedEventStore(inner);
    publisher = new RecordingPublisher();
    relay = new RelayService(store, publisher, new InMemoryRelayCheckpointStore(), config);
  });
  afterEach(async () => {
    await relay.beforeApplicationShutdown();
    await store.close();
  });

  const published = async (count: number) => {
    await relay.onApplicationBootstrap();
    while (publisher.messagesOf(topics.events).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    return publisher;
  };

  it('gives each record the trace its event was appended in', async () => {
    const requestTrace = await inSpan('request', {}, async (span) => {
      await new UserLog(store).create();
      return span.spanContext().traceId;
    });

    const [event] = (await published(1)).messagesOf(topics.events);
    const [state] = publisher.messagesOf(topics.state);

    expect(traceIdOf(event.headers?.traceparent)).toBe(requestTrace);
    expect(traceIdOf(state.headers?.traceparent)).toBe(requestTrace);
  });

  it("gives an event appended outside any trace the relay's own span", async () => {
    await new UserLog(inner).create();

    const [event] = (await published(1)).messagesOf(topics.events);

    const relaySpan = exporter.getFinishedSpans().find((span) => span.name === 'relay publish');
    expect(event.headers?.traceparent).toBe(
      `00-${relaySpan?.spanContext().traceId}-${relaySpan?.spanContext().spanId}-01`,
    );
  });

  it('counts failed Kafka sends and published records', async () => {
    const errors = async () => (await kafkaPublishErrors.get()).values[0]?.value ?? 0;
    const records = async () =>
      (await relayedMessages.get()).values.find(({ labels }) => labels.topic === topics.events)?.value ?? 0;
    const before = { errors: await errors(), records: await records() };
    publisher.failNext(2);
    await new UserLog(inner).create();

    await published(1);

    expect({ errors: await errors(), records: await records() }).toEqual({
      errors: before.errors + 2,
      records: before.records + 1,
    });
  });
});
