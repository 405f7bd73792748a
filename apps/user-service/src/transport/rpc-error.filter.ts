import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { toRpcError } from '@roster/user-service-contract';

/** Every failure leaves as a plain RpcError the gateway turns back into the same error. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcError(error));
  }
}
