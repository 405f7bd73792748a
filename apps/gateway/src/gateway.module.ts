import { DynamicModule, Module, Provider } from '@nestjs/common';
import { BusEgovUserApi, BusUserServiceApi } from '@roster/user-service';
import { EgovUserApi, internalHopKey, UserServiceApi } from '@roster/user-service-contract';
import { ApiKeyGuard } from './auth/api-key.guard';
import { EGOV_CONTROLLERS } from './egov/egov-face';
import { HealthController } from './health.controller';
import { SigningTcpClient } from './user-service-client/signing-tcp-client';
import { TcpEgovUserApiClient } from './user-service-client/tcp-egov-user-api-client';
import { TcpUserServiceClient, USER_SERVICE_TIMEOUT_MS, USER_SERVICE_TRANSPORT } from './user-service-client/tcp-user-service-client';
import { UsersController } from './users/users.controller';

export interface UserServiceAddress {
  host: string;
  port: number;
  timeoutMs: number;
}

/** The HTTP edge. It reaches the domain only through the UserServiceApi port, never a store. */
@Module({})
export class GatewayModule {
  /** For the all-in-one process: the user-service module runs beside the gateway. */
  static inProcess(): DynamicModule {
    return GatewayModule.withApi([
      { provide: UserServiceApi, useClass: BusUserServiceApi },
      { provide: EgovUserApi, useClass: BusEgovUserApi },
    ]);
  }

  /** For a gateway process of its own: the user-service is reached over TCP, every request signed with the shared secret. */
  static overTcp(address: UserServiceAddress, sharedSecret: string): DynamicModule {
    return GatewayModule.withApi([
      {
        provide: USER_SERVICE_TRANSPORT,
        useFactory: () => new SigningTcpClient({ host: address.host, port: address.port }, internalHopKey(sharedSecret)),
      },
      { provide: USER_SERVICE_TIMEOUT_MS, useValue: address.timeoutMs },
      { provide: UserServiceApi, useClass: TcpUserServiceClient },
      { provide: EgovUserApi, useClass: TcpEgovUserApiClient },
    ]);
  }

  private static withApi(providers: Provider[]): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [UsersController, HealthController, ...EGOV_CONTROLLERS],
      providers: [...providers, ApiKeyGuard],
    };
  }
}
