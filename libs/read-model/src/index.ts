export * from './user-view';
export * from './user-read-model';
