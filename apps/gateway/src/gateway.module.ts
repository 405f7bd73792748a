import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { BusEgovUserApi, BusUserServiceApi, EgovUserApi, UserServiceApi } from '@roster/user-service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { EGOV_CONTROLLERS } from './egov/egov-face';
import { HealthController } from './health.controller';
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

  /** For a gateway process of its own: the user-service is reached over TCP. */
  static overTcp(address: UserServiceAddress): DynamicModule {
    return GatewayModule.withApi([
      {
        provide: USER_SERVICE_TRANSPORT,
        useFactory: () => ClientProxyFactory.create({ transport: Transport.TCP, options: { host: address.host, port: address.port } }),
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
