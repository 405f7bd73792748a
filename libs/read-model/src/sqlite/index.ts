export * from './sqlite-user-read-model';
