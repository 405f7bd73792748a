// The port, its views and errors and the pure helpers (paging, cursors, search keys, the projection): loading
// this entry loads no database driver. Adapters: @roster/read-model/sqlite and @roster/read-model/mongodb.
export * from './user-view';
export * from './user-read-model';
export * from './cursor';
export * from './paging';
export * from './search-keys';
export * from './user-view.projection';
export * from './egov-search';
