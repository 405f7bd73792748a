export * from './roster-config';
export * from './config.module';
