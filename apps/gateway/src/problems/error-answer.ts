import { MethodNotAllowedException } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/** An error as one face answers it: status, headers (content type included) and body. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: object;
}

/**
 * What the error renderers read of a failed request: a Fastify request, or only the request line of one that
 * Node could not parse (a header too large). `body` is the parsed body, when there was one.
 */
export interface FailedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** An unknown method on a known path; `allow` lists the methods the path has, for the answer's `Allow` header. */
export class MethodNotAllowedError extends MethodNotAllowedException {
  constructor(
    method: string,
    path: string,
    readonly allow: string[],
  ) {
    super(`${method} is not a method of ${path}; use ${allow.join(', ')}`);
  }
}

const logger = new Logger('HttpErrors');

/** Writes an error answer; an unplanned failure (500) is logged with its stack, under the path without its query. */
export function sendErrorAnswer(
  answer: ErrorAnswer,
  error: unknown,
  request: FailedRequest,
  reply: FastifyReply,
): void {
  if (answer.status === 500) {
    logger.error(
      `${request.method} ${pathOnly(request.url)} failed`,
      error instanceof Error ? error.stack : String(error),
    );
  }
  reply.status(answer.status).headers(answer.headers).send(answer.body);
}

/** The answer as raw HTTP/1.1 bytes, for a socket whose request Node could not parse; the connection closes after it. */
export function rawHttpAnswer(answer: ErrorAnswer): string {
  const body = JSON.stringify(answer.body);
  const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A URL without its query string, which may carry a token and is never logged or echoed. */
export function pathOnly(url: string): string {
  return url.split('?')[0];
}
