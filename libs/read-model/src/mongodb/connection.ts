import {
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { ReadModelUnavailableError } from '../user-read-model';

/**
 * The database a connection string names in its path (`mongodb://host/roster?…`), or null when it names none.
 * Not parsed with URL: a MongoDB connection string may list several hosts, which URL rejects. Credentials
 * are percent-encoded in a valid string, so the first "/" after the scheme starts the path.
 */
export function databaseNameOf(url: string): string | null {
  const afterScheme = url.slice(url.indexOf('://') + '://'.length);
  const slash = afterScheme.indexOf('/');
  const query = afterScheme.indexOf('?');
  if (slash < 0 || (query >= 0 && query < slash)) return null;
  const path = afterScheme.slice(slash + 1, query < 0 ? undefined : query);
  return path === '' ? null : decodeURIComponent(path);
}

// Errors that say the server cannot be reached (or the client has no connection), not that a request was wrong.
const UNAVAILABLE = [
  MongoServerSelectionError,
  MongoNetworkError, // also its timeout and pool-cleared subclasses
  MongoTopologyClosedError,
  MongoServerClosedError,
  MongoNotConnectedError,
  MongoClientClosedError,
  MongoOperationTimeoutError,
];

export function isStoreUnavailable(error: unknown): boolean {
  return UNAVAILABLE.some((kind) => error instanceof kind);
}

/** A connectivity error as the port's ReadModelUnavailableError; anything else as it is. */
export function readModelError(error: unknown): unknown {
  if (!isStoreUnavailable(error)) return error;
  return new ReadModelUnavailableError(`MongoDB read model unavailable: ${(error as Error).message}`, error);
}
