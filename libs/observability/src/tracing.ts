import type { Attributes, Context, Span } from '@opentelemetry/api';
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { currentContext } from './request-context';

export { SpanKind };

const w3c = new W3CTraceContextPropagator();

/**
 * Turns tracing on for this process: spans go through `processors` (OTLP/HTTP in production, to
 * OTEL_EXPORTER_OTLP_ENDPOINT; an in-memory exporter in tests). Without it every span is a no-op.
 */
export function startTracing(serviceName: string, processors: SpanProcessor[]): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME?.trim() || serviceName }),
    spanProcessors: processors,
  });
  provider.register();
  return provider;
}

let processName = 'roster';

/**
 * For process entry points, first thing: names the process in its log lines (`service`) and traces, and exports
 * spans over OTLP when the configuration asks for it (ROSTER_TRACING / OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export function observeProcess(name: string, tracing: 'off' | 'otlp'): void {
  processName = name;
  if (tracing === 'otlp') startTracing(name, [new BatchSpanProcessor(new OTLPTraceExporter())]);
}

/** What observeProcess named this process (`roster` until then). */
export function nameOfProcess(): string {
  return processName;
}

function tracer() {
  return trace.getTracer('roster');
}

/** The trace context a `traceparent` names (the root context when there is none). */
export function contextOfTraceparent(traceparent: string | undefined, parent: Context = ROOT_CONTEXT): Context {
  return traceparent ? w3c.extract(parent, { traceparent }, defaultTextMapGetter) : parent;
}

/** The `traceparent` to hand on: the active span's when tracing is on, else the one the request came with. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  const span = trace.getSpan(context.active());
  if (span?.isRecording()) w3c.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier.traceparent ?? currentContext()?.traceparent;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; default the active context. */
  parent?: Context;
  /** Only when a recording span is active already: keeps background work (polls) from starting traces of its own. */
  childOnly?: boolean;
}

/** Runs `work` in a span named `name` (the active one meanwhile), ended when it settles and marked failed when it throws. */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  if (options.childOnly && !trace.getSpan(parent)?.isRecording())
    return work(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span that the caller ends (for work that spans callbacks, such as an HTTP request's hooks). */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` with `active` as the active trace context. */
export function withTraceContext<T>(active: Context, work: () => T): T {
  return context.with(active, work);
}
