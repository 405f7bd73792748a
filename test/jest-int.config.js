module.exports = {
  ...require('./jest-base.config'),
  testRegex: '\\.int-spec\\.ts$',
  testTimeout: 120000,
  maxWorkers: 1,
};
