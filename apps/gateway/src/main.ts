import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { ConfigModule, loadConfigOrExit, sharedSecretOf } from '@roster/config';
import { observeProcess } from '@roster/observability';
import { GatewayModule } from './gateway.module';
import { createHttpApp } from './http-app';

/** The gateway on its own: the HTTP edge, reaching a user-service process over TCP. It opens no store. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const sharedSecret = sharedSecretOf(config);
  observeProcess('gateway', config.observability.tracing);

  @Module({ imports: [ConfigModule.forRoot(config), GatewayModule.overTcp(config.userService, sharedSecret)] })
  class GatewayProcessModule {}

  const app = await createHttpApp({ module: GatewayProcessModule }, config);
  await app.listen(config.port, config.host);
  const { host, port } = config.userService;
  new Logger('Gateway').log(`serving on http://${config.host}:${config.port}, user-service at tcp://${host}:${port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
