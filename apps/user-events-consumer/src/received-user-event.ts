import type { UserEventValueV1 } from '@roster/messaging';

/** What the consumer keeps of one message of `<prefix>.user.events.v1`. */
export interface ReceivedUserEvent {
  /** `ce_id`: the same for every delivery of one event, so it is the de-duplication key. */
  eventId: string;
  tenantId: string;
  userId: string;
  type: string;
  /** 0-based, gapless per user. */
  streamRevision: number;
  /** Position in Roster's whole log, a decimal string (64-bit). */
  position: string;
  recordedAt: string;
}

/** The tenant of events that carry none (written before events were tagged with one). */
export const NO_TENANT = '-';

/** A message that is not a Roster user event; retrying it can never succeed. */
export class NotAUserEventError extends Error {
  constructor(reason: string) {
    super(`not a user event: ${reason}`);
    this.name = 'NotAUserEventError';
  }
}

/**
 * Reads one message: `value` as Nest's Kafka transport hands it over (JSON parsed into an object) and its
 * headers (decoded into strings). Checks only the fields this consumer uses.
 */
export function toReceivedUserEvent(value: unknown, headers: Record<string, unknown> | undefined): ReceivedUserEvent {
  const eventId = headers?.ce_id;
  if (typeof eventId !== 'string' || eventId === '') throw new NotAUserEventError('no ce_id header');
  if (typeof value !== 'object' || value === null) throw new NotAUserEventError('the value is not a JSON object');
  const event = value as Partial<UserEventValueV1>;
  if (typeof event.userId !== 'string' || typeof event.type !== 'string' || typeof event.recordedAt !== 'string') {
    throw new NotAUserEventError('userId, type or recordedAt missing');
  }
  if (!Number.isInteger(event.streamRevision) || (event.streamRevision as number) < 0)
    throw new NotAUserEventError('bad streamRevision');
  if (typeof event.position !== 'string' || !/^\d+$/.test(event.position)) throw new NotAUserEventError('bad position');
  return {
    eventId,
    tenantId: typeof event.tenantId === 'string' ? event.tenantId : NO_TENANT,
    userId: event.userId,
    type: event.type,
    streamRevision: event.streamRevision as number,
    position: event.position,
    recordedAt: event.recordedAt,
  };
}

/** One event of Roster's change feed (`GET /changes`): the same value as on Kafka, its id (Kafka's `ce_id`) inside it. */
export function toReceivedFeedEvent(value: unknown): ReceivedUserEvent {
  const id = typeof value === 'object' && value !== null ? (value as Partial<UserEventValueV1>).id : undefined;
  return toReceivedUserEvent(value, { ce_id: id });
}
