import type {
  AppendResult,
  BatchHandler,
  Position,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@roster/event-store';
import { EventStore, WrongExpectedRevisionError } from '@roster/event-store';
import type { Counter } from 'prom-client';
import { eventStoreAppendDuration, lockouts, loginFailures, otpSends } from './metrics';
import { currentTraceparent, inSpan, SpanKind } from './tracing';

/** Events that are themselves what an operator counts: each one appended moves its counter. */
const COUNTED_EVENTS: Readonly<Record<string, Counter>> = {
  OtpIssued: otpSends,
  LoginFailed: loginFailures,
  AccountLocked: lockouts,
};

/**
 * The event-store port with metrics and traces around any adapter: append latency by outcome, the counters of
 * COUNTED_EVENTS, a span per append and per stream read within a trace, and the trace context of the request in
 * each appended event's metadata (`traceparent`), so the relay can hand the trace on to Kafka consumers.
 */
export class InstrumentedEventStore extends EventStore {
  constructor(private readonly inner: EventStore) {
    super();
  }

  appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const streams = appends.map(({ stream }) => stream);
    return inSpan(
      'event-store append',
      { kind: SpanKind.CLIENT, childOnly: true, attributes: { 'roster.streams': streams } },
      async () => {
        const stopTimer = eventStoreAppendDuration.startTimer();
        try {
          const result = await this.inner.appendMany(withTraceparent(appends, currentTraceparent()));
          stopTimer({ outcome: 'ok' });
          for (const { events } of appends) for (const { type } of events) COUNTED_EVENTS[type]?.inc();
          return result;
        } catch (error) {
          stopTimer({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
          throw error;
        }
      },
    );
  }

  protected readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    return inSpan(
      'event-store read',
      { kind: SpanKind.CLIENT, childOnly: true, attributes: { 'roster.stream': stream } },
      () => this.inner.readStream(stream, fromRevision),
    );
  }

  readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    return this.inner.readAll(after, limit);
  }

  headPosition(): Promise<Position | null> {
    return this.inner.headPosition();
  }

  subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(after, handler, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function withTraceparent(appends: StreamAppend[], traceparent: string | undefined): StreamAppend[] {
  if (!traceparent) return appends;
  return appends.map((append) => ({
    ...append,
    events: append.events.map((event) => ({ ...event, metadata: { ...event.metadata, traceparent } })),
  }));
}
