// The chaos suite (docs/reliability.md): services as real processes on private infrastructure that each
// test file starts itself (libs/local-infra), so there is no globalSetup. Run after `npm run build`.
// Two files at a time: most of a scenario is waiting (ack_wait, back-off, outages), and each file has
// its own PostgreSQL cluster, nats-server and ports, so they cannot see each other.
const swc = require('./jest.swc');

module.exports = {
  displayName: 'chaos',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // NestJS 12 and nats.js v3 ship ESM only; jest runs CommonJS, so they are transformed too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@nats-io)/)'],
  moduleNameMapper: { '^@lifecycle/(?!contracts(?:/|$))(.*)$': '<rootDir>/libs/$1/src' },
  roots: ['<rootDir>/test/chaos'],
  testMatch: ['**/*.chaos-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 2,
};
