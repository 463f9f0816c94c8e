// Three tiers by suffix (STYLE.md): *.spec.ts unit, *.int-spec.ts and *.e2e-spec.ts on real PostgreSQL and NATS.
const swc = require('./jest.swc');

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // NestJS 12 and nats.js v3 ship ESM only; jest runs CommonJS, so they are transformed too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@nats-io)/)'],
  // @lifecycle/contracts is an npm workspace: it resolves through node_modules and its exports, as a consumer's does.
  moduleNameMapper: { '^@lifecycle/(?!contracts(?:/|$))(.*)$': '<rootDir>/libs/$1/src' },
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/packages', '<rootDir>/tools', '<rootDir>/test'],
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/', '<rootDir>/examples/'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};
