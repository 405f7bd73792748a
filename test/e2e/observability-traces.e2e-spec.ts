import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { rmSync } from 'node:fs';
import { ConfigModule, loadConfig } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { createHttpApp, GatewayModule } from '@roster/gateway';
import { startTracing } from '@roster/observability';
import { connectStores, StoresModule } from '@roster/stores';
import { UserServiceModule } from '@roster/user-service';
import { internalHopKey } from '@roster/user-service-contract';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HopContextInterceptor } from '../../apps/user-service/src/transport/hop-context.interceptor';
import { InternalHopGuard } from '../../apps/user-service/src/transport/internal-hop.guard';
import { OperationsController } from '../../apps/user-service/src/transport/operations.controller';
import { RpcErrorFilter } from '../../apps/user-service/src/transport/rpc-error.filter';
import { HttpClient } from './support/http-client';
import type { InProcessRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, freePort, makeDataDir, SHARED_SECRET, startInProcess } from './support/roster-harness';

const exporter = new InMemorySpanExporter();
startTracing('roster-e2e', [new SimpleSpanProcessor(exporter)]);

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

/** The spans of the caller's trace, by name; each with its parent span's id. */
function traceOf(traceId: string): Map<string, ReadableSpan> {
  const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  return new Map(spans.map((span) => [span.name, span]));
}

function parentOf(span: ReadableSpan | undefined): string | undefined {
  return span?.parentSpanContext?.spanId;
}

/** gateway (HTTP server span, child of the caller's) → user-service operation → event-store append, one trace. */
function expectOneTrace(spans: Map<string, ReadableSpan>, hop: string[]): void {
  const server = spans.get('POST /users');
  expect(parentOf(server)).toBe(CALLER_SPAN);
  let parent = server;
  for (const name of [...hop, 'UserServiceApi.createUser', 'event-store append']) {
    const span = spans.get(name);
    expect({ name, parent: parentOf(span) }).toEqual({ name, parent: parent?.spanContext().spanId });
    parent = span;
  }
}

describe('traces', () => {
  beforeEach(() => exporter.reset());

  describe('the all-in-one process', () => {
    let roster: InProcessRoster;
    beforeAll(async () => (roster = await startInProcess()));
    afterAll(() => roster.close());

    it("continues the caller's trace from the gateway through the user-service to the event store", async () => {
      const created = await roster.client.post(
        '/users',
        { first_name: 'Tia', last_name: 'Trace' },
        { traceparent: TRACEPARENT },
      );
      expect(created.status).toBe(201);
      expectOneTrace(traceOf(TRACE_ID), []);
    });

    it('starts a trace of its own for a request without traceparent, and stores it in the events', async () => {
      const created = await roster.client.post('/users', { first_name: 'Noa', last_name: 'Trace' });
      const server = exporter.getFinishedSpans().find((span) => span.name === 'POST /users');
      expect(server?.parentSpanContext).toBeUndefined();
      const events = await roster.app.get(EventStore).readStream(`user-${created.body.id}`);
      expect(events[0].metadata.traceparent).toMatch(
        new RegExp(`^00-${server?.spanContext().traceId}-[0-9a-f]{16}-01$`),
      );
    });
  });

  describe('the gateway and the user-service as separate apps, over the signed TCP hop', () => {
    const dataDir = makeDataDir();
    let userService: INestMicroservice;
    let gateway: NestFastifyApplication;
    let client: HttpClient;

    beforeAll(async () => {
      const config = loadConfig({
        DATA_DIR: dataDir,
        ROSTER_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
        ROSTER_SECRET: SHARED_SECRET,
        LOG_LEVEL: 'error',
        USER_SERVICE_PORT: String(await freePort()),
      });
      const stores = await connectStores(config);
      @Module({
        imports: [ConfigModule.forRoot(config), StoresModule.forRoot(stores), UserServiceModule],
        controllers: [OperationsController],
      })
      class UserServiceProcessModule {}
      userService = await NestFactory.createMicroservice<MicroserviceOptions>(UserServiceProcessModule, {
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: config.userService.port },
        logger: false,
      });
      userService.useGlobalFilters(new RpcErrorFilter());
      userService.useGlobalGuards(new InternalHopGuard(internalHopKey(SHARED_SECRET), 'token'));
      userService.useGlobalInterceptors(new HopContextInterceptor());
      await userService.listen();

      @Module({ imports: [ConfigModule.forRoot(config), GatewayModule.overTcp(config.userService, SHARED_SECRET)] })
      class GatewayProcessModule {}
      gateway = await createHttpApp({ module: GatewayProcessModule }, config);
      await gateway.listen(0, '127.0.0.1');
      client = new HttpClient(
        `http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`,
        BOOTSTRAP_KEY,
      );
    });

    afterAll(async () => {
      await gateway.close();
      await userService.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('continues the trace across the hop: gateway → user-service (TCP) → event store', async () => {
      const created = await client.post(
        '/users',
        { first_name: 'Hop', last_name: 'Trace' },
        { traceparent: TRACEPARENT },
      );
      expect(created.status).toBe(201);
      // The user-service's server span is named after the operation's message pattern.
      expectOneTrace(traceOf(TRACE_ID), ['user-service users.create']);
    });
  });
});
