import { Controller, Logger, Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { contextOfTraceparent, SpanKind, startSpan, withTraceContext } from '@roster/observability';
import { NotAUserEventError, toReceivedUserEvent } from './received-user-event';
import { UserChangeLog } from './user-change-log';

/**
 * The controller for `topic`. A factory, because `@EventPattern` needs the topic name when the class is
 * defined and the name depends on KAFKA_TOPIC_PREFIX. Nest's Kafka transport subscribes to the pattern as
 * a topic name.
 */
export function userEventsController(topic: string): Type<unknown> {
  @Controller()
  class UserEventsController {
    private readonly logger = new Logger('UserEvents');

    constructor(private readonly changeLog: UserChangeLog) {}

    /**
     * Returns only once the change is committed to SQLite, and throws when it is not: Nest awaits this, and
     * kafkajs marks the offset as consumed only after that, so an offset is never committed ahead of the
     * state. Never catch-and-log a storage error here: the offset would move on and the event be lost.
     */
    @EventPattern(topic)
    receive(@Payload() value: unknown, @Ctx() context: KafkaContext): void {
      // The record's `traceparent` (set by Roster's relay) continues the trace of the request that made the change.
      const traceparent = context.getMessage().headers?.traceparent?.toString();
      const { span, context: traceContext } = startSpan(`receive ${context.getTopic()}`, {
        kind: SpanKind.CONSUMER,
        parent: contextOfTraceparent(traceparent),
        attributes: { 'messaging.destination.name': context.getTopic() },
      });
      try {
        withTraceContext(traceContext, () => this.record(value, context));
      } finally {
        span.end();
      }
    }

    private record(value: unknown, context: KafkaContext): void {
      const message = context.getMessage();
      const where = `${context.getTopic()}[${context.getPartition()}]@${message.offset}`;
      let event;
      try {
        event = toReceivedUserEvent(value, message.headers);
      } catch (error) {
        // Retrying cannot fix it, and blocking would stall every other user on the partition.
        if (!(error instanceof NotAUserEventError)) throw error;
        this.logger.error(`skipped ${where}: ${error.message}`);
        return;
      }
      if (this.changeLog.record(event) === 'duplicate') this.logger.debug(`duplicate ${event.eventId} at ${where}`);
    }
  }
  return UserEventsController;
}
