import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, TcpContext } from '@nestjs/microservices';
import {
  EGOV_USER_OPERATIONS,
  EGOV_USER_PATTERNS,
  EgovUserApi,
  Operation,
  Operations,
  USER_SERVICE_OPERATIONS,
  USER_SERVICE_PATTERNS,
  UserServiceApi,
} from '@roster/user-service-contract';
import { RpcErrorFilter } from './rpc-error.filter';

type Route = (payload: never) => Promise<unknown>;

/**
 * Both faces behind the TCP transport, in one controller driven by the contract's maps of operations: a request
 * is decoded by its operation and handed to the port bound to the buses (IN_PROCESS_APIS). One controller for both faces, since
 * they share the transport, the guard (InternalHopGuard) and the error filter; the maps keep the faces apart.
 * The caller an egov request names was authenticated by this service (`authenticate`) for the gateway.
 */
@Controller()
@UseFilters(new RpcErrorFilter())
export class OperationsController {
  private readonly routes: ReadonlyMap<string, Route>;

  constructor(users: UserServiceApi, egov: EgovUserApi) {
    this.routes = new Map([...routesOf(USER_SERVICE_OPERATIONS, users), ...routesOf(EGOV_USER_OPERATIONS, egov)]);
  }

  @MessagePattern([...Object.values(USER_SERVICE_PATTERNS), ...Object.values(EGOV_USER_PATTERNS)])
  dispatch(@Payload() payload: never, @Ctx() context: TcpContext): Promise<unknown> {
    const route = this.routes.get(context.getPattern());
    if (!route) throw new Error(`no operation listens on ${context.getPattern()}`);
    return route(payload);
  }
}

function routesOf<Api>(operations: Operations<Api>, api: Api): Array<[string, Route]> {
  return Object.entries<Operation<unknown[]>>(operations).map(([name, operation]) => [
    operation.pattern,
    routeTo(operation, api, name as keyof Api),
  ]);
}

function routeTo<Api>(operation: Operation<unknown[]>, api: Api, name: keyof Api): Route {
  const method = (api[name] as (...args: unknown[]) => Promise<unknown>).bind(api);
  return async (payload) => {
    const answer = await method(...operation.fromWire(payload));
    return operation.answersNothing ? null : answer;
  };
}
