import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { fromRpcError, isRpcError, UserServiceUnavailableError } from '@roster/user-service-contract';

/**
 * Sends one request to the user-service and rebuilds the error it threw; a refused connection or no answer
 * within `timeoutMs` means the user-service is unavailable (the HTTP edge answers 503).
 */
export async function callUserService<T>(
  transport: ClientProxy,
  timeoutMs: number,
  pattern: string,
  payload: object,
): Promise<T> {
  try {
    return await firstValueFrom(transport.send<T>(pattern, payload).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRpcError(error)) throw fromRpcError(error);
    if (error instanceof TimeoutError)
      throw new UserServiceUnavailableError(`the user-service did not answer within ${timeoutMs} ms`);
    throw new UserServiceUnavailableError(
      `the user-service is unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
