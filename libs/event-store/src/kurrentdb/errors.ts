import type { AppendStreamState } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import { toPortRevision } from './mapping';

/**
 * The client's error classes carry a `type` (its ErrorType enum). Matching on it rather than `instanceof` keeps
 * the adapter independent of which copy of the client package created the error.
 */
interface ClientError {
  type?: unknown;
  code?: unknown;
  message?: unknown;
  streamName?: unknown;
  expectedState?: unknown;
  actualState?: unknown;
  violations?: Array<{ streamName: string; expectedState: unknown; actualState: unknown }>;
}

/** Failures that say nothing about whether the server applied a request: it may have, or not. */
const CONNECTION_FAILURE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);
/** gRPC status codes the client passes through unconverted on some paths (e.g. no connection on append). */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNIMPLEMENTED = 12;
const GRPC_UNAVAILABLE = 14;

/** How the adapter names streams for the caller, and what the caller expected of them. */
export interface ConflictContext {
  portStream(serverStream: string): string;
  expectedRevision(serverStream: string): ExpectedRevision | undefined;
}

/** The server (or the client, after asking the server's feature list) does not offer the operation at all. */
export function isUnsupported(error: unknown): boolean {
  const { type, code } = asClientError(error);
  return type === 'unsupported' || code === GRPC_UNIMPLEMENTED;
}

/** The server could not be reached or did not answer in time; a write's outcome is unknown. */
export function isConnectionFailure(error: unknown): boolean {
  const { type, code, message } = asClientError(error);
  return (
    CONNECTION_FAILURE_TYPES.has(String(type)) ||
    code === GRPC_UNAVAILABLE ||
    code === GRPC_DEADLINE_EXCEEDED ||
    code === GRPC_CANCELLED ||
    (typeof message === 'string' && message.startsWith('Failed to discover'))
  );
}

export function isStreamNotFound(error: unknown): boolean {
  return asClientError(error).type === 'stream-not-found';
}

/** Turns the client's conflict and connection errors into the port's; anything else is passed through. */
export function toPortError(error: unknown, context: ConflictContext): unknown {
  const conflict = conflictOf(error);
  if (conflict) {
    const stream = context.portStream(conflict.stream);
    const expected = context.expectedRevision(conflict.stream) ?? toExpectedRevision(conflict.expected);
    return new WrongExpectedRevisionError(stream, expected, toPortRevision(conflict.actual as AppendStreamState));
  }
  if (isConnectionFailure(error)) return unavailable(error);
  return error;
}

export function unavailable(error: unknown, what = 'KurrentDB is unavailable'): EventStoreUnavailableError {
  if (error instanceof EventStoreUnavailableError) return error;
  return new EventStoreUnavailableError(`${what}: ${String(asClientError(error).message ?? error)}`, error);
}

function conflictOf(error: unknown): { stream: string; expected: unknown; actual: unknown } | undefined {
  const clientError = asClientError(error);
  if (clientError.type === 'wrong-expected-version') {
    return {
      stream: String(clientError.streamName),
      expected: clientError.expectedState,
      actual: clientError.actualState,
    };
  }
  const violation = clientError.type === 'append-consistency-violation' ? clientError.violations?.[0] : undefined;
  if (violation)
    return { stream: violation.streamName, expected: violation.expectedState, actual: violation.actualState };
  return undefined;
}

function toExpectedRevision(state: unknown): ExpectedRevision {
  if (typeof state === 'bigint') return Number(state);
  return state === 'no_stream' ? 'no_stream' : 'any';
}

function asClientError(error: unknown): ClientError {
  return typeof error === 'object' && error !== null ? (error as ClientError) : {};
}
