export * from './user-view';
export * from './user-read-model';
export * from './cursor';
export * from './paging';
export * from './search-keys';
export * from './user-view.projection';
export * from './sqlite/sqlite-user-read-model';
export * from './mongodb/mongo-user-read-model';
