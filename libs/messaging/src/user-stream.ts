import { isUserStream, USER_STREAM_PREFIX } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import { isPersonalDataErased } from '@roster/personal-data';

/**
 * The user whose stream holds `event`, or null for the log's internal streams (name reservations, API
 * keys), which are never published. The stream name, not the payload, says whose event it is.
 */
export function userIdOf(event: RecordedEvent): string | null {
  return isUserStream(event.stream) ? event.stream.slice(USER_STREAM_PREFIX.length) : null;
}

/**
 * True for an event of an erased user read after its key was destroyed: its personal fields come back emptied, so
 * it tells nobody anything and is never published (nor folded into a state). The user's UserErased, which follows
 * it in the stream, says what happened. UserErased itself carries no personal data and is always readable.
 */
export function isUnreadableUserEvent(event: RecordedEvent): boolean {
  return event.type !== 'UserErased' && isPersonalDataErased(event);
}
