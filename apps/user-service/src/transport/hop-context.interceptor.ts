import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { TcpContext } from '@nestjs/microservices';
import {
  contextFrom,
  contextOfTraceparent,
  runWithContext,
  SpanKind,
  startSpan,
  withTraceContext,
} from '@roster/observability';
import { hopContextOf } from '@roster/user-service-contract';
import type { Observable } from 'rxjs';
import { finalize } from 'rxjs';

/**
 * Continues the gateway's request in the user-service: its ids on every log line written while it is handled,
 * and a server span in the trace its `traceparent` names.
 */
@Injectable()
export class HopContextInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = execution.switchToRpc();
    const context = contextFrom(hopContextOf(rpc.getData()));
    const pattern = rpc.getContext<TcpContext>().getPattern();
    const { span, context: traceContext } = startSpan(`user-service ${pattern}`, {
      kind: SpanKind.SERVER,
      parent: contextOfTraceparent(context.traceparent),
      attributes: { 'rpc.method': pattern },
    });
    // Nest binds the handler to the async context `handle()` is called in.
    return withTraceContext(traceContext, () => runWithContext(context, () => next.handle())).pipe(
      finalize(() => span.end()),
    );
  }
}
