import { DynamicModule, Module, Type } from '@nestjs/common';
import { ApiKeyGuard } from './auth/api-key.guard';
import { HealthController } from './health.controller';
import { InProcessUserServiceClient } from './user-service-client/in-process-user-service-client';
import { UserServiceClient } from './user-service-client/user-service-client';
import { UsersController } from './users/users.controller';

/** The HTTP edge. It reaches the domain only through a UserServiceClient, never a store. */
@Module({})
export class GatewayModule {
  static withClient(client: Type<UserServiceClient>): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [UsersController, HealthController],
      providers: [{ provide: UserServiceClient, useClass: client }, ApiKeyGuard],
    };
  }

  /** For the all-in-one process: the user-service module runs beside the gateway. */
  static inProcess(): DynamicModule {
    return GatewayModule.withClient(InProcessUserServiceClient);
  }
}
