// One jest run across the workspace. Tiers are told apart by file suffix:
//   *.unit.test.ts  — pure, no servers, runs in seconds (`pnpm test:unit`)
//   *.int.test.ts / *.e2e.test.ts — real servers, resolved once in test/infra/globalSetup.ts
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const roots = ['<rootDir>/contracts', '<rootDir>/packages', '<rootDir>/services', '<rootDir>/test'];
const testPathIgnorePatterns = ['/node_modules/', '/dist/', '/.cache/'];
// ES-module-only dependencies, compiled like our own code: the Parquet writer (and the reader it types
// against), and content-disposition, which the docs page's static files load (Node 20 requires it natively).
const transformIgnorePatterns = ['/node_modules/(?!(\\.pnpm/)?(hyparquet|content-disposition))'];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/infra/resultsFileReporter.js'],
  projects: [
    {
      displayName: 'unit',
      roots,
      transform,
      transformIgnorePatterns,
      testPathIgnorePatterns,
      testMatch: ['**/*.unit.test.ts'],
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      roots,
      transform,
      transformIgnorePatterns,
      testPathIgnorePatterns,
      testMatch: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/infra/globalSetup.ts',
      globalTeardown: '<rootDir>/test/infra/globalTeardown.ts',
    },
  ],
};
