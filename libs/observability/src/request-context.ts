import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line of a request carries, here and in the user-service it calls. */
export interface RequestContext {
  requestId: string;
  correlationId: string;
  /** The W3C trace context the request arrived with (the active span's, when tracing is on, takes precedence). */
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

// Ids end up in logs and headers: only short, plain tokens are taken from a caller, anything else is replaced.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A caller's id when it is a short plain token; undefined otherwise. */
export function saneId(value: unknown): string | undefined {
  return typeof value === 'string' && SANE_ID.test(value) ? value : undefined;
}

export function saneTraceparent(value: unknown): string | undefined {
  return typeof value === 'string' && TRACEPARENT.test(value) ? value : undefined;
}

/** The context of a request that arrives with these ids (headers or the internal hop's envelope): sane ones kept, the rest generated. */
export function contextFrom(given: {
  requestId?: unknown;
  correlationId?: unknown;
  traceparent?: unknown;
}): RequestContext {
  const requestId = saneId(given.requestId) ?? randomUUID();
  const traceparent = saneTraceparent(given.traceparent);
  return {
    requestId,
    correlationId: saneId(given.correlationId) ?? requestId,
    ...(traceparent ? { traceparent } : {}),
  };
}
