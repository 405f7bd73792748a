export * from './gateway.module';
export * from './http-app';
export * from './user-service-client/user-service-client';
