import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from './migrations';

export class SchemaNotMigratedError extends Error {
  constructor(database: string, pending: number) {
    super(`database "${database}" is missing ${pending} migration(s): run \`lifecyclectl migrate\` (or \`npm start\`, which does)`);
    this.name = 'SchemaNotMigratedError';
  }
}

/** Services never migrate on their own (the platform's database is shared); they refuse to run on an old schema. */
export async function assertSchemaMigrated(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations().catch(() => true)) {
    const database = String(dataSource.options.database ?? new URL(String((dataSource.options as { url?: string }).url)).pathname.slice(1));
    const known = dataSource.migrations.length;
    const table = await dataSource
      .query(`SELECT count(*)::int AS n FROM ${MIGRATIONS_TABLE}`)
      .then((rows: { n: number }[]) => rows[0].n)
      .catch(() => 0);
    throw new SchemaNotMigratedError(database, Math.max(known - table, 1));
  }
}
