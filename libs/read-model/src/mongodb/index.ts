export * from './mongo-user-read-model';
