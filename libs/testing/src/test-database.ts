import { Client } from 'pg';
import { testInfra, withDatabase } from './infra';
import { randomId } from './random-id';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(testInfra().databaseUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the run's migrated template (or empty, for migration tests). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const infra = testInfra();
  const name = `lc_t_${infra.runId}_${randomId(8)}`;
  const template = options.empty ? 'template0' : infra.templateDatabase;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: withDatabase(infra.databaseUrl, name),
    drop: () => dropDatabase(name),
  };
}

const IN_USE = '55006';

/**
 * Waits for connections that are still closing (pools end asynchronously) before forcing: a forced drop
 * terminates them, and a pg client of this process that sees "terminating connection" mid-close
 * raises an unhandled error in the test that happens to be running.
 */
async function dropDatabase(name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  await admin(async (c) => {
    for (;;) {
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== IN_USE) throw error;
        if (Date.now() > deadline) {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
}
