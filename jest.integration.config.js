/** The slow tests that run real tools: npm pack + a consumer app, the cdk8s CLI with the
 * validation plugin, and the Helm chart with helm. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/test/integration/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180_000,
};
