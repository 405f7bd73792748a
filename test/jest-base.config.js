// Shared by every test tier; each tier picks its files by suffix.
const path = require('node:path');
const root = path.resolve(__dirname, '..');

module.exports = {
  rootDir: root,
  moduleFileExtensions: ['js', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json') }] },
  moduleNameMapper: {
    '^@roster/messaging/testing$': '<rootDir>/libs/messaging/src/testing',
    '^@roster/(domain|event-store|read-model|config|stores|messaging)$': '<rootDir>/libs/$1/src',
    '^@roster/(user-service|projector|gateway|relay)$': '<rootDir>/apps/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
