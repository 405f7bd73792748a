module.exports = { ...require('./jest-base.config'), testRegex: '\\.spec\\.ts$' };
