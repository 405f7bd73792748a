import { isUserStream, USER_STREAM_PREFIX } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';

/**
 * The user whose stream holds `event`, or null for the log's internal streams (name reservations, API
 * keys), which are never published. The stream name, not the payload, says whose event it is.
 */
export function userIdOf(event: RecordedEvent): string | null {
  return isUserStream(event.stream) ? event.stream.slice(USER_STREAM_PREFIX.length) : null;
}
