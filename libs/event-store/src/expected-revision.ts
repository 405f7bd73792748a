import type { ExpectedRevision } from './event-store';
import { WrongExpectedRevisionError } from './event-store';

/** `actual` is the stream's current revision, -1 when it has no events. */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, actual: number): void {
  const holds = expected === 'any' || (expected === 'no_stream' ? actual === -1 : actual === expected);
  if (!holds) throw new WrongExpectedRevisionError(stream, expected, actual);
}
