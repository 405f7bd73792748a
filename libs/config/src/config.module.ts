import { DynamicModule, Global, Module } from '@nestjs/common';
import { RosterConfig } from './roster-config';

/** Provides the config that `main` loaded (and validated) before Nest started. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: RosterConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: RosterConfig, useValue: config }], exports: [RosterConfig] };
  }
}
