import type * as KurrentDbPackage from '@kurrent/kurrentdb-client';
import type {
  AllStreamResolvedEvent,
  AppendRecordInput,
  AppendRecordsResult,
  AppendResult,
  AppendStreamRequest,
  AppendToStreamOptions,
  ConsistencyCheck,
  EventData,
  MultiAppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';

/**
 * The part of `KurrentDBClient` (@kurrent/kurrentdb-client 1.3) the adapter uses. Kept this narrow so the unit
 * tests can fake the server faithfully; the real client satisfies it as is.
 */
export interface KurrentDbClient {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<AppendResult>;
  /** KurrentDB 25.1+; the client throws `UnsupportedError` before sending anything on older servers. */
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  /** KurrentDB 26.1+; the client throws `UnsupportedError` before sending anything on older servers. */
  appendRecords(records: AppendRecordInput[], checks?: ConsistencyCheck[]): Promise<AppendRecordsResult>;
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterableIterator<ResolvedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterableIterator<AllStreamResolvedEvent>;
  dispose(): Promise<void>;
}

/**
 * Connects lazily in the sense that matters here: the client package (and its native gRPC bridge) is loaded
 * only when a KurrentDB store is actually configured, not by everything that imports @roster/event-store.
 */
export function connectKurrentDb(connectionString: string): KurrentDbClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load this function exists for
  const { KurrentDBClient } = require('@kurrent/kurrentdb-client') as typeof KurrentDbPackage;
  return KurrentDBClient.connectionString(connectionString);
}
