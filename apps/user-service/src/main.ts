import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { ConfigModule, loadConfigOrExit, sharedSecretOf } from '@roster/config';
import { createJsonLogger, notReadyReason, observeProcess, startOpsServer } from '@roster/observability';
import { connectStores, StoresModule } from '@roster/stores';
import { internalHopKey, UserServiceApi } from '@roster/user-service-contract';
import { HopContextInterceptor } from './transport/hop-context.interceptor';
import { InternalHopGuard } from './transport/internal-hop.guard';
import { RpcErrorFilter } from './transport/rpc-error.filter';
import { OperationsController } from './transport/operations.controller';
import { UserServiceModule } from './user-service.module';

/** Metrics and health listener of a user-service process (ROSTER_OPS_PORT). */
export const USER_SERVICE_OPS_PORT = 9101;

/** The user-service on its own: commands and queries over TCP for gateway processes (split deployment). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const hopKey = internalHopKey(sharedSecretOf(config));
  observeProcess('user-service', config.observability.tracing);
  const stores = await connectStores(config);

  @Module({
    imports: [ConfigModule.forRoot(config), StoresModule.forRoot(stores), UserServiceModule],
    controllers: [OperationsController],
  })
  class UserServiceProcessModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(UserServiceProcessModule, {
    transport: Transport.TCP,
    options: { host: config.userService.bindHost, port: config.userService.port },
    abortOnError: false,
    logger: createJsonLogger(config.logLevel),
  });
  // Filters handle what guards throw: a refused request answers the same RpcError as any other failure.
  app.useGlobalFilters(new RpcErrorFilter());
  app.useGlobalGuards(new InternalHopGuard(hopKey, config.egov.auth));
  app.useGlobalInterceptors(new HopContextInterceptor());
  app.enableShutdownHooks();
  await app.listen();
  const users = app.get(UserServiceApi);
  new Logger('UserService').log(`listening on tcp://${config.userService.bindHost}:${config.userService.port}`);
  await startOpsServer({
    host: config.host,
    port: config.observability.opsPort,
    defaultPort: USER_SERVICE_OPS_PORT,
    notReadyReason: async () => notReadyReason(await users.health(), config.observability.readyMaxLagEvents),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`user-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
