import type { Span } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { metricsText } from './cluster-metrics';
import { httpRequestDuration, httpRequests } from './metrics';
import type { RequestContext } from './request-context';
import { contextFrom, runWithContext } from './request-context';
import { contextOfTraceparent, SpanKind, startSpan, withTraceContext } from './tracing';

interface InFlight {
  context: RequestContext;
  /** Absent when the framework answered before the request reached the hooks (e.g. a malformed URL). */
  span?: Span;
}

const inFlight = new WeakMap<FastifyRequest, InFlight>();

/** Requests the router matched to no route share one label, so unknown paths cannot grow the metrics without bound. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observes every HTTP request of `fastify`: its ids (X-Request-Id, X-Correlation-Id, traceparent, sane ones taken
 * from the caller) in the context of everything the request does, `X-Request-Id` on the answer, a server span,
 * the request metrics and one access line. Installed first, so that every other hook's answer is observed too.
 */
export function observeHttp(fastify: FastifyInstance, logger: Pino): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const context = contextFrom({
      requestId: request.headers['x-request-id'],
      correlationId: request.headers['x-correlation-id'],
      traceparent: request.headers.traceparent,
    });
    const { span, context: traceContext } = startSpan(`${request.method} ${routeOf(request)}`, {
      kind: SpanKind.SERVER,
      parent: contextOfTraceparent(context.traceparent),
      attributes: { 'http.request.method': request.method, 'http.route': routeOf(request) },
    });
    inFlight.set(request, { context, span });
    withTraceContext(traceContext, () => runWithContext(context, done));
  });
  fastify.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader('x-request-id')) reply.header('x-request-id', inFlightOf(request).context.requestId);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const observed = inFlightOf(request);
    const labels = { method: request.method, route: routeOf(request), status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    observed.span?.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) observed.span?.setStatus({ code: SpanStatusCode.ERROR });
    observed.span?.end();
    // The line is built only when it is written: at LOG_LEVEL=warn it would be thrown away on every request.
    if (logger.isLevelEnabled('info'))
      runWithContext(observed.context, () => logger.info(accessLine(request, reply), 'request completed'));
  });
}

/** Serves `/metrics` outside Nest's router, and so outside the OpenAPI document. */
export function serveMetrics(fastify: FastifyInstance): void {
  fastify.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.type(contentType).send(body);
  });
}

function inFlightOf(request: FastifyRequest): InFlight {
  let observed = inFlight.get(request);
  if (!observed) {
    observed = { context: contextFrom({}) };
    inFlight.set(request, observed);
  }
  return observed;
}

/** The route template (`/users/:id`): never the query string, and one label per route, not per id. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? UNMATCHED_ROUTE;
}

/** The fields of the access line: what was asked and answered, never a body, header value or query string. */
export function accessLine(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const tenant = tenantOf(request);
  return {
    access: true,
    method: request.method,
    route: routeOf(request),
    path: request.url.split('?')[0],
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
    ...(tenant ? { tenant } : {}),
  };
}

const TENANT = /^[a-z][a-z0-9.]{0,63}$/i;

/** The tenant the request acted in: its API key's (nCore) or the one it names (egov); only a well-formed id. */
export function tenantOf(request: FastifyRequest): string | undefined {
  const candidates = [
    field(request, 'principal', 'tenantId'),
    field(request.body, 'tenantId'),
    field(request.body, 'user', 'tenantId'),
    field(request.body, 'otp', 'tenantId'),
    field(request.body, 'RequestInfo', 'userInfo', 'tenantId'),
    field(request.query, 'tenantId'),
  ];
  return candidates.find((candidate): candidate is string => typeof candidate === 'string' && TENANT.test(candidate));
}

function field(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined,
    value,
  );
}
