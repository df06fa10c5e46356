/** Unit, workflow (time-skipping server) and end-to-end (dev server + PostgreSQL) tests in one run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Each workflow or end-to-end file runs its own servers; two workers suit a 2-core machine.
  maxWorkers: 2,
  testTimeout: 120_000,
};
