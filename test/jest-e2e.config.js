module.exports = {
  ...require('./jest-base.config'),
  testRegex: '\\.e2e-spec\\.ts$',
  testTimeout: 60000,
  maxWorkers: 1,
};
