import type { OnApplicationShutdown } from '@nestjs/common';
import type { TcpClientOptions } from '@nestjs/microservices';
import { ClientTCP } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { currentContext, currentTraceparent } from '@roster/observability';
import { signHop, withHopContext } from '@roster/user-service-contract';

/**
 * The TCP client to the user-service that signs every request with the deployment's shared key (internal-hop.ts),
 * the request's ids (logs, traces) included.
 */
export class SigningTcpClient extends ClientTCP implements OnApplicationShutdown {
  constructor(
    options: TcpClientOptions['options'],
    private readonly hopKey: Buffer,
  ) {
    super(options ?? {});
  }

  override send<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput): Observable<TResult> {
    const context = { ...currentContext(), traceparent: currentTraceparent() };
    const payload = withHopContext(data as object, context);
    return super.send<TResult>(pattern, signHop(this.hopKey, String(pattern), payload, Date.now()));
  }

  /** The gateway owns the one connection to the user-service, so it closes it when it stops. */
  onApplicationShutdown(): void {
    this.close();
  }
}
