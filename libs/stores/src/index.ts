export * from './stores.module';
