import type { FactoryProvider, Type } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { inSpan, operations } from '@roster/observability';
import { asRosterError } from '@roster/user-service-contract';

/**
 * How one method of a port reaches its handler in this process: the message it becomes, the bus that carries
 * it and the handler that answers. A port's map of these builds the port over the buses and lists the handlers
 * the module registers, so an operation is bound in one entry.
 */
export interface BusRoute<Args extends unknown[]> {
  bus: 'command' | 'query';
  handler: Type<unknown>;
  /** Method syntax, so maps of differing arguments share one type. */
  message(...args: Args): object;
}

/** One route per method of the port. */
export type BusRoutes<Api> = {
  [Name in keyof Api]: Api[Name] extends (...args: infer Args) => Promise<unknown> ? BusRoute<Args> : never;
};

export function command<Args extends unknown[]>(
  handler: Type<unknown>,
  message: (...args: Args) => object,
): BusRoute<Args> {
  return { bus: 'command', handler, message };
}

export function query<Args extends unknown[]>(
  handler: Type<unknown>,
  message: (...args: Args) => object,
): BusRoute<Args> {
  return { bus: 'query', handler, message };
}

/** The handlers of a map, for the module's providers. */
export function handlersOf<Api>(routes: BusRoutes<Api>): Array<Type<unknown>> {
  return Object.values<BusRoute<unknown[]>>(routes).map(({ handler }) => handler);
}

/** Binds a port to the buses of this process (used in-process and behind the TCP transport). */
export function busApiProvider<Api>(port: abstract new () => Api, routes: BusRoutes<Api>): FactoryProvider<Api> {
  return {
    provide: port,
    useFactory: (commands: CommandBus, queries: QueryBus) => busApi(port.name, routes, commands, queries),
    inject: [CommandBus, QueryBus],
  };
}

function busApi<Api>(api: string, routes: BusRoutes<Api>, commands: CommandBus, queries: QueryBus): Api {
  const methods = Object.entries<BusRoute<unknown[]>>(routes).map(([name, route]) => [
    name,
    busMethod({ api, operation: name }, route, commands, queries),
  ]);
  return Object.fromEntries(methods) as Api;
}

const logger = new Logger('Operations');

/**
 * Each call in a span of the trace, counted by outcome (`roster_operations_total`: ok, or the error's kind) and,
 * at LOG_LEVEL=debug, logged with its outcome (never its arguments: they carry passwords and tokens).
 */
function busMethod(
  labels: { api: string; operation: string },
  route: BusRoute<unknown[]>,
  commands: CommandBus,
  queries: QueryBus,
) {
  return (...args: unknown[]): Promise<unknown> =>
    inSpan(`${labels.api}.${labels.operation}`, { attributes: { 'roster.operation': labels.operation } }, async () => {
      const message = route.message(...args);
      try {
        const answer = await (route.bus === 'command' ? commands.execute(message) : queries.execute(message));
        outcome(labels, 'ok');
        return answer;
      } catch (error) {
        outcome(labels, asRosterError(error).kind);
        throw error;
      }
    });
}

function outcome(labels: { api: string; operation: string }, kind: string): void {
  operations.inc({ ...labels, outcome: kind });
  logger.debug(`${labels.api}.${labels.operation}: ${kind}`);
}
