// Test helpers for code that publishes user events; not part of the build.
export * from './recording-publisher';
export * from './user-log';
export * from './topic-reader';
export * from './kafka-environment';
