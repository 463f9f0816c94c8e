import { DataSource } from 'typeorm';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations';
import { utcConnectionOptions } from './utc-timestamps';

export interface RunMigrationsOptions {
  log?: (line: string) => void;
}

// Any constant bigint shared by every process that migrates this database.
const MIGRATION_LOCK_KEY = '7236485011902311';

/** Applies pending migrations under an advisory lock, so processes migrating at once take turns. Returns the names applied. */
export async function runMigrations(databaseUrl: string, options: RunMigrationsOptions = {}): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    applicationName: 'lifecycle-migrations',
    poolSize: 2,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    extra: utcConnectionOptions(),
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) options.log?.(`migration applied: ${migration.name}`);
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
