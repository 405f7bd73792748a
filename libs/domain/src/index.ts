export * from './errors';
export * from './user/user.types';
export * from './user/user.events';
export * from './user/user.commands';
export * from './user/user.state';
export * from './user/user.decider';
export * from './user/user-name';
export * from './user/streams';
