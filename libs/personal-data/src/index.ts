export * from './key-store';
export * from './personal-data';
