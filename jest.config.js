/** Unit, workflow (time-skipping server) and end-to-end (dev server + PostgreSQL) tests in one run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // jose 6 ships only ES modules: compile it to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Each workflow or end-to-end file runs its own servers; two workers suit a 2-core machine.
  maxWorkers: 2,
  testTimeout: 120_000,
};
