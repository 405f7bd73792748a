import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { metricsText } from './cluster-metrics';

export interface OpsServerOptions {
  host: string;
  /** null: `defaultPort` (the role's); 0: any free port. */
  port: number | null;
  defaultPort: number;
  /** Why the process is not ready (`/health/ready` answers 503 with it), or null. */
  notReadyReason: () => Promise<string | null>;
}

/**
 * The metrics and health listener of a process without an HTTP API (user-service, projector, relay):
 * `GET /metrics`, `/health/live` (the process runs; no store is asked) and `/health/ready`.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, contentType: string, body: string) =>
      response.writeHead(status, { 'content-type': contentType }).end(body);
    const json = (status: number, body: object) => send(status, 'application/json', JSON.stringify(body));
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return response.writeHead(405, { allow: 'GET' }).end();
    if (path === '/health/live') return json(200, { status: 'up' });
    if (path === '/health/ready') {
      return void options.notReadyReason().then(
        (reason) => (reason === null ? json(200, { status: 'ready' }) : json(503, { status: 'not ready', reason })),
        () => json(503, { status: 'not ready', reason: 'a store did not answer' }),
      );
    }
    if (path === '/metrics') {
      return void metricsText().then(
        ({ contentType, body }) => send(200, contentType, body),
        () => json(500, { status: 'metrics failed' }),
      );
    }
    json(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? options.defaultPort, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  new Logger('Ops').log(`metrics and health on http://${options.host}:${port} (/metrics, /health/live, /health/ready)`);
  return server;
}
