export * from './roster-config';
export * from './config.module';
export * from './server-secret';
