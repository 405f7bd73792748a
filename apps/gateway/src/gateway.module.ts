import { DynamicModule, Module, Provider } from '@nestjs/common';
import {
  EGOV_USER_OPERATIONS,
  EgovUserApi,
  internalHopKey,
  USER_SERVICE_OPERATIONS,
  UserServiceApi,
} from '@roster/user-service-contract';
import { ApiKeyGuard } from './auth/api-key.guard';
import { EGOV_CONTROLLERS } from './egov/egov-face';
import { ChangesController } from './changes/changes.controller';
import { HealthController } from './health.controller';
import { SigningTcpClient } from './user-service-client/signing-tcp-client';
import { rpcClientProvider, USER_SERVICE_TIMEOUT_MS, USER_SERVICE_TRANSPORT } from './user-service-client/rpc-client';
import { UsersController } from './users/users.controller';

export interface UserServiceAddress {
  host: string;
  port: number;
  timeoutMs: number;
}

/** The HTTP edge. It reaches the domain only through the UserServiceApi port, never a store. */
@Module({})
export class GatewayModule {
  /** For a gateway process of its own: the user-service is reached over TCP, every request signed with the shared secret. */
  static overTcp(address: UserServiceAddress, sharedSecret: string): DynamicModule {
    return GatewayModule.withApis([
      {
        provide: USER_SERVICE_TRANSPORT,
        useFactory: () =>
          new SigningTcpClient({ host: address.host, port: address.port }, internalHopKey(sharedSecret)),
      },
      { provide: USER_SERVICE_TIMEOUT_MS, useValue: address.timeoutMs },
      rpcClientProvider(UserServiceApi, USER_SERVICE_OPERATIONS),
      rpcClientProvider(EgovUserApi, EGOV_USER_OPERATIONS),
    ]);
  }

  /**
   * With the ports bound by whoever hosts the gateway: the all-in-one app passes the user-service's in-process
   * bindings, so the gateway itself loads no handler, store or password hashing.
   */
  static withApis(providers: Provider[]): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [UsersController, ChangesController, HealthController, ...EGOV_CONTROLLERS],
      providers: [...providers, ApiKeyGuard],
    };
  }
}
