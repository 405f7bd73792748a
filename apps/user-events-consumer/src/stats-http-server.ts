import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { metricsText } from '@roster/observability';
import { ConsumerConfig } from './consumer-config';
import { UserChangeLog } from './user-change-log';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

const USER_CHANGES = /^\/users\/([^/]+)\/changes$/;

/** GET /health, GET /stats, GET /users/:id/changes — read straight from the change log (and GET /metrics). */
export function answer(changeLog: UserChangeLog, method: string, url: string): HttpAnswer {
  if (method !== 'GET') return { status: 405, body: { error: 'only GET' } };
  const path = new URL(url, 'http://consumer').pathname;
  if (path === '/health') return { status: 200, body: { status: 'ok' } };
  if (path === '/stats') return { status: 200, body: changeLog.stats() };
  const userId = USER_CHANGES.exec(path)?.[1];
  const changes = userId === undefined ? null : changeLog.changesOf(decodeURIComponent(userId));
  return changes ? { status: 200, body: changes } : { status: 404, body: { error: 'not found' } };
}

/** Plain node:http: two read-only routes do not need a web framework. */
@Injectable()
export class StatsHttpServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StatsHttpServer.name);
  private readonly server: Server;

  constructor(
    changeLog: UserChangeLog,
    private readonly config: ConsumerConfig,
  ) {
    this.server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/metrics') {
        void metricsText().then(({ contentType, body }) =>
          response.writeHead(200, { 'content-type': contentType }).end(body),
        );
        return;
      }
      const { status, body } = answer(changeLog, request.method ?? 'GET', request.url ?? '/');
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { host, port } = this.config;
    await new Promise<void>((resolve, reject) => this.server.once('error', reject).listen(port, host, resolve));
    this.logger.log(`stats on http://${host}:${port}/stats`);
  }

  // Before the Kafka consumer and the change log close, so no request meets a closed database.
  async beforeApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}
