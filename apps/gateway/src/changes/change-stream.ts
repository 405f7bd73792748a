import type { ChangePage, UserServiceApi } from '@roster/user-service-contract';
import type { FastifyReply } from 'fastify';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** How long one read of an open SSE stream waits for news before it writes a keep-alive comment and asks again. */
const SSE_WAIT_MS = 15_000;

/** Only the types that can contain a newline are escaped by JSON; an SSE field must stay on one line. */
function sseEvent(id: string, type: string, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The change feed as Server-Sent Events until the client goes away or the server shuts down. The first page is
 * read before the stream opens, so a forged cursor is still a 400 problem document; each event's `id` is the
 * cursor after it, so a client (an EventSource) that reconnects with `Last-Event-ID` resumes with the next event,
 * none lost or repeated.
 */
export class ChangeStreams {
  private readonly open = new Set<ServerResponse>();

  async serve(
    userService: UserServiceApi,
    reply: FastifyReply,
    start: { tenantId: string; after: string | null; limit: number },
  ): Promise<void> {
    const { tenantId, limit } = start;
    let page: ChangePage = await userService.readChanges(tenantId, {
      after: start.after,
      limit,
      waitMs: 0,
      eventCursors: true,
    });
    reply.hijack();
    const raw = reply.raw;
    this.open.add(raw);
    raw.on('close', () => this.open.delete(raw));
    raw.writeHead(200, {
      // What the request's hooks set already (request id, trace context…), which a hijacked reply does not send itself.
      ...definedHeaders(reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 1000\n\n');
    while (this.open.has(raw)) {
      page.data.forEach((event, index) => raw.write(sseEvent(page.cursors[index], event.type, event)));
      // A comment on an idle stream keeps proxies and load balancers from closing it.
      if (page.data.length === 0) raw.write(': waiting\n\n');
      try {
        page = await userService.readChanges(tenantId, {
          after: page.after,
          limit,
          waitMs: page.hasMore ? 0 : SSE_WAIT_MS,
          eventCursors: true,
        });
      } catch {
        // The store or the user-service went away: the client reconnects with its Last-Event-ID after `retry`.
        break;
      }
    }
    raw.end();
  }

  /** Ends every open stream, so a shutting-down server is not held open by them; clients reconnect elsewhere. */
  closeAll(): void {
    for (const raw of this.open) raw.end();
    this.open.clear();
  }
}

function definedHeaders(headers: Record<string, string | number | string[] | undefined>): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined));
}
