import type { LoggerService } from '@nestjs/common';
import type { DestinationStream, Level, Logger as Pino } from 'pino';
import pino from 'pino';
import { currentContext } from './request-context';
import { currentTraceparent, nameOfProcess } from './tracing';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug';

const PINO_LEVEL: Record<LogLevel, Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

// A path followed by a query string, anywhere in a message: the query may carry a token (`?access_token=…`).
const QUERY_STRING = /(\/[^\s?#]*)\?[^\s#]*/g;

/** Messages and stacks without query strings, whoever wrote them (e.g. a filter logging `request.url`). */
export function withoutQueryStrings(text: string): string {
  return text.replace(QUERY_STRING, '$1?[query removed]');
}

/**
 * One JSON line per entry (pino), each with the request's ids when it is written on behalf of a request:
 * `requestId`, `correlationId`, `traceparent`. Nest's logger is replaced by it (`createJsonLogger`), so every
 * `new Logger(…)` writes through it.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  /** Nest passes `(message, context)`, and for errors `(message, stack, context)`; a missing stack is `undefined`. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context =
      rest.length > 1 || (rest.length === 1 && level !== 'error' && level !== 'fatal') ? rest.pop() : undefined;
    const stack =
      level === 'error' || level === 'fatal'
        ? rest.find((param): param is string => typeof param === 'string')
        : undefined;
    const fields: Record<string, unknown> = {};
    if (typeof context === 'string') fields.context = context;
    if (stack) fields.stack = withoutQueryStrings(stack);
    if (message instanceof Error) {
      fields.err = {
        type: message.name,
        message: withoutQueryStrings(message.message),
        stack: withoutQueryStrings(message.stack ?? ''),
      };
      this.pino[level](fields, withoutQueryStrings(message.message));
    } else {
      this.pino[level](fields, withoutQueryStrings(typeof message === 'string' ? message : JSON.stringify(message)));
    }
  }
}

/** The request's ids on every line written on its behalf. */
function contextFields(): Record<string, string> {
  const context = currentContext();
  const traceparent = currentTraceparent();
  return {
    ...(context ? { requestId: context.requestId, correlationId: context.correlationId } : {}),
    ...(traceparent ? { traceparent } : {}),
  };
}

/** A pino logger at LOG_LEVEL `level`, writing to stdout (or `destination`, in tests). */
function createPino(level: LogLevel, destination?: DestinationStream): Pino {
  return pino(
    {
      level: PINO_LEVEL[level],
      base: { service: nameOfProcess() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: contextFields,
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The process's logger: replaces Nest's (pass it as `logger` to NestFactory) and writes the access lines. */
export function createJsonLogger(level: LogLevel, destination?: DestinationStream): JsonLogger {
  return new JsonLogger(createPino(level, destination));
}
