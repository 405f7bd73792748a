import type { FactoryProvider } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { Operation, Operations } from '@roster/user-service-contract';
import { callUserService } from './rpc-call';

export const USER_SERVICE_TRANSPORT = Symbol('USER_SERVICE_TRANSPORT');
export const USER_SERVICE_TIMEOUT_MS = Symbol('USER_SERVICE_TIMEOUT_MS');

/**
 * A port of the user-service in another process, built from the port's map of operations: each method encodes
 * its arguments, sends them with the operation's pattern and answers what the service answered.
 */
export function rpcClient<Api>(operations: Operations<Api>, transport: ClientProxy, timeoutMs: number): Api {
  const methods = Object.entries<Operation<unknown[]>>(operations).map(([name, operation]) => [
    name,
    remoteMethod(operation, transport, timeoutMs),
  ]);
  return Object.fromEntries(methods) as Api;
}

/** Binds a port to its client over the transport and timeout the gateway module provides. */
export function rpcClientProvider<Api>(
  port: abstract new () => Api,
  operations: Operations<Api>,
): FactoryProvider<Api> {
  return {
    provide: port,
    useFactory: (transport: ClientProxy, timeoutMs: number) => rpcClient(operations, transport, timeoutMs),
    inject: [USER_SERVICE_TRANSPORT, USER_SERVICE_TIMEOUT_MS],
  };
}

function remoteMethod(operation: Operation<unknown[]>, transport: ClientProxy, timeoutMs: number) {
  return async (...args: unknown[]): Promise<unknown> => {
    const waitMs = timeoutMs + (operation.holdsMs?.(...args) ?? 0);
    const answer = await callUserService(transport, waitMs, operation.pattern, operation.toWire(...args));
    return operation.answersNothing ? undefined : answer;
  };
}
