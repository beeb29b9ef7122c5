/** Jest runs the TypeScript sources through SWC (no TypeScript API, so it works with
 * TypeScript 7); `npm test` type-checks with `tsc` first. test/integration (packaging, the
 * cdk8s CLI, Helm) has its own config: `npm run test:integration`. */
module.exports = {
  testEnvironment: 'node',
  // jest's default leaves one core idle; on the 2-core CI machines that halves the speed.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/integration/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The examples and the demo app import the package by name, as an app would (tsconfig paths).
  moduleNameMapper: { '^cdk8s-istio$': '<rootDir>/src/index.ts', '^cdk8s-istio/imports/(.*)$': '<rootDir>/imports/$1' },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
