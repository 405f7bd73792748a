import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createJsonLogger, withoutQueryStrings } from './json-logger';
import { contextFrom, runWithContext } from './request-context';

function capture(level: 'error' | 'warn' | 'log' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      );
      done();
    },
  });
  return { lines, logger: createJsonLogger(level, destination) };
}

describe('JsonLogger', () => {
  it("writes Nest's calls as JSON lines with level, context and the request's ids", () => {
    const { lines, logger } = capture('log');
    runWithContext(contextFrom({ requestId: 'req-1', correlationId: 'flow-1' }), () => {
      logger.log('started', 'Projector');
      logger.error('failed', 'Error: boom\n    at x', 'Relay');
    });
    logger.debug('not at log level', 'Projector');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'roster',
        context: 'Projector',
        msg: 'started',
        requestId: 'req-1',
        correlationId: 'flow-1',
      }),
      expect.objectContaining({ level: 'error', context: 'Relay', msg: 'failed', stack: 'Error: boom\n    at x' }),
    ]);
    expect(typeof lines[0].time).toBe('string');
  });

  it('serves `new Logger(…)` once it replaced the default logger', () => {
    const { lines, logger } = capture('debug');
    Logger.overrideLogger(logger);
    try {
      new Logger('Users').debug('looked up');
      new Logger('Users').error('no stack');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines.map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      { level: 'debug', context: 'Users', msg: 'looked up' },
      { level: 'error', context: 'Users', msg: 'no stack' },
    ]);
  });

  it('removes query strings from messages and stacks, whoever logs a URL', () => {
    const { lines, logger } = capture('log');
    logger.error('TRACE /user/_details?access_token=secret-token failed', 'at /x?code=123456', 'ProblemFilter');
    expect(JSON.stringify(lines)).not.toMatch(/secret-token|123456/);
    expect(lines[0].msg).toBe('TRACE /user/_details?[query removed] failed');
  });
});

describe('withoutQueryStrings', () => {
  it('keeps paths and text without a query', () => {
    expect(withoutQueryStrings('GET /users/42 failed: what?')).toBe('GET /users/42 failed: what?');
    expect(withoutQueryStrings('GET http://h/users?x=1#f')).toBe('GET http://h/users?[query removed]#f');
  });
});
