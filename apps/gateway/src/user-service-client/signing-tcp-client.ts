import type { OnApplicationShutdown } from '@nestjs/common';
import type { TcpClientOptions } from '@nestjs/microservices';
import { ClientTCP } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { signHop } from '@roster/user-service-contract';

/** The TCP client to the user-service that signs every request with the deployment's shared key (internal-hop.ts). */
export class SigningTcpClient extends ClientTCP implements OnApplicationShutdown {
  constructor(
    options: TcpClientOptions['options'],
    private readonly hopKey: Buffer,
  ) {
    super(options ?? {});
  }

  override send<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput): Observable<TResult> {
    return super.send<TResult>(pattern, signHop(this.hopKey, String(pattern), data as object, Date.now()));
  }

  /** The gateway owns the one connection to the user-service, so it closes it when it stops. */
  onApplicationShutdown(): void {
    this.close();
  }
}
