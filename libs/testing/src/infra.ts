/**
 * Where the tests' PostgreSQL and NATS are. globalSetup decides once per run: testcontainers when a
 * container runtime answers, otherwise the already-running local services (DATABASE_URL, NATS_URL).
 * The decision is handed to test files through these environment variables.
 */
export const TEST_ENV = {
  databaseUrl: 'LC_TEST_DATABASE_URL',
  natsUrl: 'LC_TEST_NATS_URL',
  templateDatabase: 'LC_TEST_TEMPLATE_DATABASE',
  runId: 'LC_TEST_RUN_ID',
  infra: 'LC_TEST_INFRA',
} as const;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lifecycle';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export interface TestInfra {
  /** Server URL; the database part is replaced per test database. */
  databaseUrl: string;
  natsUrl: string;
  /** A migrated database that test databases are cloned from. */
  templateDatabase: string;
  runId: string;
  kind: 'testcontainers' | 'local';
}

export function testInfra(): TestInfra {
  const databaseUrl = process.env[TEST_ENV.databaseUrl];
  const natsUrl = process.env[TEST_ENV.natsUrl];
  const templateDatabase = process.env[TEST_ENV.templateDatabase];
  const runId = process.env[TEST_ENV.runId];
  if (!databaseUrl || !natsUrl || !templateDatabase || !runId) {
    throw new Error('test infrastructure not prepared: run integration tests through jest (globalSetup)');
  }
  return { databaseUrl, natsUrl, templateDatabase, runId, kind: process.env[TEST_ENV.infra] === 'testcontainers' ? 'testcontainers' : 'local' };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
