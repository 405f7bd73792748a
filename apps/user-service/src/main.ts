import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { ConfigModule, loadConfigOrExit, nestLogLevels, sharedSecretOf } from '@roster/config';
import { connectStores, StoresModule } from '@roster/stores';
import { internalHopKey } from '@roster/user-service-contract';
import { InternalHopGuard } from './transport/internal-hop.guard';
import { RpcErrorFilter } from './transport/rpc-error.filter';
import { OperationsController } from './transport/operations.controller';
import { UserServiceModule } from './user-service.module';

/** The user-service on its own: commands and queries over TCP for gateway processes (split deployment). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const hopKey = internalHopKey(sharedSecretOf(config));
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
    logger: nestLogLevels(config.logLevel),
  });
  // Filters handle what guards throw: a refused request answers the same RpcError as any other failure.
  app.useGlobalFilters(new RpcErrorFilter());
  app.useGlobalGuards(new InternalHopGuard(hopKey, config.egov.auth));
  app.enableShutdownHooks();
  await app.listen();
  new Logger('UserService').log(`listening on tcp://${config.userService.bindHost}:${config.userService.port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`user-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
