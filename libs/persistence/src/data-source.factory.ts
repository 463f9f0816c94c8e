import { DataSource, type LoggerOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations';
import { utcConnectionOptions } from './utc-timestamps';

export interface DataSourceOptions {
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** Shown in pg_stat_activity; default `lifecycle`. */
  applicationName?: string;
  connectTimeoutMs?: number;
  logging?: LoggerOptions;
}

/**
 * The application's DataSource: every entity and migration, never synchronize (migrations only,
 * STYLE.md), and naive timestamps read and written as UTC. Call initialize() yourself.
 */
export function createDataSource(databaseUrl: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    applicationName: options.applicationName ?? 'lifecycle',
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: options.connectTimeoutMs ?? 5_000,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    extra: utcConnectionOptions(),
  });
}
