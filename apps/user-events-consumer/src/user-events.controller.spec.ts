import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { UserEventValueV1 } from '@roster/messaging';
import { startTracing } from '@roster/observability';
import { UserChangeLog } from './user-change-log';
import { userEventsController } from './user-events.controller';

const USER_ID = '0b6f7a52-5b0e-4d3b-9d4e-1f2a3b4c5d6e';
const spans = new InMemorySpanExporter();
startTracing('consumer-spec', [new SimpleSpanProcessor(spans)]);

const value: UserEventValueV1 = {
  id: 'event-1',
  type: 'UserCreated',
  tenantId: 'pb.amritsar',
  userId: USER_ID,
  streamRevision: 0,
  position: '42',
  recordedAt: '2024-01-01T00:00:00.000Z',
  schemaVersion: 1,
  data: { userId: USER_ID },
};

/** A context as Nest's Kafka transport builds it: message with decoded headers, partition, topic. */
function contextWith(headers: Record<string, string>): KafkaContext {
  const message = { key: Buffer.from(USER_ID), value: null, headers, offset: '7', timestamp: '0', attributes: 0 };
  return new KafkaContext([message, 0, 'it.user.events.v1', null as never, async () => undefined, null as never]);
}

type Receiver = { receive(value: unknown, context: KafkaContext): void };

describe('userEventsController', () => {
  let changeLog: UserChangeLog;
  let controller: Receiver;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    changeLog = new UserChangeLog(':memory:');
    const Controller = userEventsController('it.user.events.v1');
    controller = new Controller(changeLog) as Receiver;
  });
  afterEach(() => changeLog.close());

  it('records an event once, keyed by its ce_id header', () => {
    controller.receive(value, contextWith({ ce_id: 'event-1' }));
    controller.receive(value, contextWith({ ce_id: 'event-1' }));

    expect(changeLog.changesOf(USER_ID)?.changes.map((change) => change.eventId)).toEqual(['event-1']);
    expect(changeLog.stats().duplicatesSinceStart).toBe(1);
  });

  it('skips a message that is not a user event instead of blocking its partition', () => {
    expect(() => controller.receive(value, contextWith({}))).not.toThrow();
    expect(changeLog.changesOf(USER_ID)).toBeNull();
  });

  it("continues the trace of the record's traceparent header (set by Roster's relay)", () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    spans.reset();
    controller.receive(value, contextWith({ ce_id: 'event-2', traceparent: `00-${traceId}-00f067aa0ba902b7-01` }));

    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe('receive it.user.events.v1');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('throws when the change cannot be stored, so the offset is not committed', () => {
    changeLog.close();
    expect(() => controller.receive(value, contextWith({ ce_id: 'event-1' }))).toThrow(/not open/);
  });
});
