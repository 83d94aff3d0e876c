/** Jest runs the TypeScript sources through ts-jest (decorator metadata is
 * required by type-graphql and MikroORM). Every suite runs against real
 * PostgreSQL: test/setup/global-setup.ts picks DATABASE_URL or starts an
 * embedded server and migrates a template database once per run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
