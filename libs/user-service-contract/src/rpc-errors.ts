import type { DomainErrorCode, RejectionKind } from '@roster/domain';
import { DomainError, RequestRejectedError, RosterError } from '@roster/domain';
import type { ExpectedRevision } from '@roster/event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@roster/event-store';
import { InvalidCursorError, ReadModelUnavailableError } from '@roster/read-model';
import { ConsistencyTimeoutError, UserServiceUnavailableError } from './service-errors';

/**
 * The errors a caller must tell apart, as plain JSON for the wire. Anything else travels as `internal`
 * with no detail, so no stack trace or store message leaves the service.
 */
export type RpcError =
  | { kind: 'domain'; code: DomainErrorCode; message: string; field?: string }
  | { kind: 'rejected'; rejection: RejectionKind; code: string; message: string; field?: string }
  | { kind: 'invalid_cursor'; message: string }
  | { kind: 'wrong_revision'; stream: string; expected: ExpectedRevision; actual: number }
  | { kind: 'consistency_timeout'; position: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'internal' };

export function toRpcError(error: unknown): RpcError {
  if (error instanceof DomainError)
    return { kind: 'domain', code: error.code, message: error.message, field: error.field };
  if (error instanceof RequestRejectedError)
    return { kind: 'rejected', rejection: error.kind, code: error.code, message: error.message, field: error.field };
  if (error instanceof InvalidCursorError) return { kind: 'invalid_cursor', message: error.message };
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'wrong_revision', stream: error.stream, expected: error.expected, actual: error.actual };
  }
  if (error instanceof ConsistencyTimeoutError)
    return { kind: 'consistency_timeout', position: error.position.toString() };
  if (error instanceof EventStoreUnavailableError || error instanceof ReadModelUnavailableError) {
    return { kind: 'unavailable', message: 'a store is unavailable' };
  }
  return { kind: 'internal' };
}

/** Rebuilds on the caller's side the error the service threw, so both deployments answer alike. */
export function fromRpcError(error: RpcError): Error {
  switch (error.kind) {
    case 'domain':
      return new DomainError(error.code, error.message, error.field);
    case 'rejected':
      return new RequestRejectedError(error.rejection, error.code, error.message, error.field);
    case 'invalid_cursor':
      return new InvalidCursorError(error.message);
    case 'wrong_revision':
      return new WrongExpectedRevisionError(error.stream, error.expected, error.actual);
    case 'consistency_timeout':
      return new ConsistencyTimeoutError(BigInt(error.position));
    case 'unavailable':
      return new EventStoreUnavailableError(error.message);
    case 'internal':
      return new Error('the user-service failed to handle the request');
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Outages pass within a second or so in practice (a restart, a projector catching up). */
const RETRY_AFTER_SECONDS = 1;

/**
 * Any error as the one shape both faces render. Store and service errors keep their own classes where they are
 * thrown (handlers retry on them); this is the one place that names them for callers. Anything unplanned
 * becomes `internal` with a fixed detail, so no stack trace or store message reaches a client.
 */
export function asRosterError(error: unknown): RosterError {
  if (error instanceof RosterError) return maskedTenant(error);
  if (error instanceof InvalidCursorError) return new RosterError('invalid', 'invalid_cursor', error.message, 'after');
  if (error instanceof WrongExpectedRevisionError) {
    return new RosterError(
      'conflict',
      'concurrent_modification',
      'the user kept changing concurrently; retry the request',
    );
  }
  if (error instanceof ConsistencyTimeoutError) {
    return new RosterError(
      'unavailable',
      'consistency_timeout',
      error.message,
      'X-Consistency-Token',
      RETRY_AFTER_SECONDS,
    );
  }
  if (error instanceof UserServiceUnavailableError) {
    return new RosterError(
      'unavailable',
      'user_service_unavailable',
      'the user service is unavailable; retry later',
      undefined,
      RETRY_AFTER_SECONDS,
    );
  }
  if (error instanceof EventStoreUnavailableError || error instanceof ReadModelUnavailableError) {
    return new RosterError(
      'unavailable',
      'store_unavailable',
      'a store is unavailable; retry later',
      undefined,
      RETRY_AFTER_SECONDS,
    );
  }
  return new RosterError('internal', 'internal_error', 'an unexpected error occurred');
}

/** A parent in another tenant is reported like a missing one, so tenants cannot probe each other's ids. */
function maskedTenant(error: RosterError): RosterError {
  if (error.code !== 'parent_in_other_tenant') return error;
  return new DomainError('parent_not_found', 'parent user does not exist', error.field);
}
