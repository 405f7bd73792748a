// The ports, the encryption and the policy: loading this entry loads no database driver. Key-store adapters have
// entries of their own (@roster/personal-data/memory, /sqlite, /mongodb), like the event store's.
export * from './key-store';
export * from './personal-data';
export * from './key-ring';
export * from './personal-data-policy';
export * from './personal-data-vault';
export * from './encrypting-event-store';
export * from './migration';
