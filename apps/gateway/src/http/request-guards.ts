import { parse as parseForm } from 'node:querystring';
import type { Socket } from 'node:net';
import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { MethodNotAllowedError, pathOnly, rawHttpAnswer } from '../problems/error-answer';
import { errorAnswerOf, sendError } from '../problems/problem.filter';
import { RequestInputError } from '../problems/request-input-error';
import { hostileInputIn, parseJsonBody } from './hostile-input';
import { RouteMethods } from './route-methods';

/**
 * What every request of both faces passes before a controller reads it, installed once on the app:
 * - JSON bodies are parsed by `parseJsonBody` (a depth limit before anything walks them, no part of a bad body
 *   echoed); form bodies (`/user/oauth/token`) as before;
 * - a `__proto__` key, a control character or a lone surrogate anywhere in the body or the query is refused,
 *   naming the field (`hostileInputIn`);
 * - a known path asked with a method it does not have answers 405 with `Allow`, before its body is read.
 * Errors leave through the face's own renderer (`sendError`).
 */
export function installRequestGuards(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser('application/json', { bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) =>
    done(null, parseForm(body.toString('utf8'))),
  );

  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteMethods();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.is404) return;
    const allow = routes.allowedAt(request.url);
    if (allow.length > 0) throw new MethodNotAllowedError(request.method, pathOnly(request.url), allow);
  });
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.is404) return;
    const hostile = hostileInputIn(request.body) ?? hostileInputIn(request.query);
    if (hostile) throw hostile;
  });
}

/**
 * Fastify's options for the errors it answers without the app: a URL that is not valid percent-encoded UTF-8 or
 * with an overlong path segment, and requests Node cannot parse at all (headers too large, a malformed request
 * line). Each answers in the shape of the face its path belongs to.
 */
export function frameworkErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(frameworkErrorOf(error), request, reply),
    clientErrorHandler: answerUnparsedRequest,
  };
}

function frameworkErrorOf(error: FastifyError): unknown {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new RequestInputError('malformed_url', 'url', 'is not valid percent-encoded UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new RequestInputError('malformed_url', 'url', 'has a path segment that is too long');
    default:
      return error;
  }
}

/** Node's clientError: no request was made of the bytes, so the face is read from the request line when there is one. */
function answerUnparsedRequest(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy();
    return;
  }
  const start = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1', 0, 8192) : '';
  const [method = 'GET', url = '/'] = /^([A-Z]+) (\S+)/.exec(start)?.slice(1) ?? [];
  const failure =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new HttpException('the request line and headers exceed the size limit', 431)
      : new RequestInputError('malformed_request', 'request', 'is not a valid HTTP/1.1 request');
  socket.end(rawHttpAnswer(errorAnswerOf(failure, { method, url, headers: {} })));
}
