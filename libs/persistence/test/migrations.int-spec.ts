import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@lifecycle/testing';
import { MIGRATIONS, runMigrations } from '@lifecycle/persistence';
import { columnsOf, PLATFORM_TABLES, schemaSnapshot, tableChecksum } from './schema-snapshot';

const ALL_MIGRATIONS = MIGRATIONS.map((migration) => migration.name);
const OWN_TABLES = [
  'outbox_events',
  'processed_messages',
  'clock_slots',
  'health_issues',
  'health_check_runs',
  'workspace_guard_state',
  'workspace_suspensions',
  'invoice_counters',
  'payment_outcome_inquiries',
  'paytr_forwards',
];
const FIXTURE = join(__dirname, '../../../test/fixtures/platform-schema.sql');

describe('migrations', () => {
  const databases: TestDatabase[] = [];
  const clients: Client[] = [];

  async function database(): Promise<{ db: TestDatabase; client: Client }> {
    const db = await createTestDatabase({ empty: true });
    databases.push(db);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return { db, client };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });

  it('builds every table on an empty database', async () => {
    const { db, client } = await database();

    expect(await runMigrations(db.url)).toEqual(ALL_MIGRATIONS);

    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual([...PLATFORM_TABLES, ...OWN_TABLES, 'lifecycle_migrations'].sort());
    const { rows: triggers } = await client.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal`);
    // the NOTIFY trigger of the first migration is dropped again (1767970000000-outbox-without-notify)
    expect(triggers).toEqual([]);
  });

  it('adds its columns and tables to the platform database without changing a row', async () => {
    const { db, client } = await database();
    await client.query(readFileSync(FIXTURE, 'utf8'));
    const original = new Map<string, { columns: string[]; checksum: { rows: number; md5: string } }>();
    for (const table of PLATFORM_TABLES) {
      const columns = await columnsOf(client, table);
      original.set(table, { columns, checksum: await tableChecksum(client, table, columns) });
    }
    const platformSchemaBefore = await schemaSnapshot(client, PLATFORM_TABLES);

    expect(await runMigrations(db.url)).toEqual(ALL_MIGRATIONS);

    for (const [table, { columns, checksum }] of original) {
      expect(checksum.rows).toBeGreaterThan(0);
      expect({ table, ...(await tableChecksum(client, table, columns)) }).toEqual({ table, ...checksum });
    }
    const after = await schemaSnapshot(client, PLATFORM_TABLES);
    // Every original column and constraint is still there, unchanged; ours are added.
    expect(after.columns).toEqual(expect.arrayContaining(platformSchemaBefore.columns));
    expect(after.constraints).toEqual(expect.arrayContaining(platformSchemaBefore.constraints));
    expect(after.columns.filter((c) => !platformSchemaBefore.columns.includes(c))).toEqual([
      'email_logs.dedup_key character varying(255) null=YES default=',
      'email_logs.error text() null=YES default=',
      'email_logs.last_attempt_at timestamp with time zone() null=YES default=',
      'email_logs.unknown_outcomes smallint() null=NO default=0',
      'payments.dunning_state character varying(20) null=YES default=',
      'payments.next_retry_at timestamp without time zone() null=YES default=',
      'payments.retry_count integer() null=NO default=0',
      'payments.retry_of_payment_id integer() null=YES default=',
    ]);
    const { rows: retries } = await client.query(`SELECT DISTINCT retry_count, next_retry_at, retry_of_payment_id FROM payments`);
    expect(retries).toEqual([{ retry_count: 0, next_retry_at: null, retry_of_payment_id: null }]);
    for (const table of OWN_TABLES) expect(await columnsOf(client, table)).not.toHaveLength(0);
    const { rows: alembic } = await client.query(`SELECT version_num FROM alembic_version`);
    expect(alembic).toEqual([{ version_num: '4f2a9c1d7e3b' }]);
  });

  it('creates the platform tables exactly as the platform has them', async () => {
    const fromFixture = await database();
    await fromFixture.client.query(readFileSync(FIXTURE, 'utf8'));
    const fromEmpty = await database();
    await runMigrations(fromEmpty.db.url);

    const platform = await schemaSnapshot(fromFixture.client, PLATFORM_TABLES);
    const ours = await schemaSnapshot(fromEmpty.client, PLATFORM_TABLES);
    const theirs = (lines: string[]) => lines.filter((l) => !/dedup_key|\.error |last_attempt_at|unknown_outcomes|dunning_state|retry_count|next_retry_at|retry_of_payment_id/.test(l));
    expect(theirs(ours.columns)).toEqual(platform.columns);
    expect(theirs(ours.constraints)).toEqual(platform.constraints);
  });

  it('is a no-op the second time', async () => {
    const { db, client } = await database();
    await client.query(readFileSync(FIXTURE, 'utf8'));
    await runMigrations(db.url);
    const schema = await schemaSnapshot(client);
    const checksums = [];
    for (const table of [...PLATFORM_TABLES, ...OWN_TABLES]) checksums.push(await tableChecksum(client, table));

    expect(await runMigrations(db.url)).toEqual([]);

    expect(await schemaSnapshot(client)).toEqual(schema);
    for (const [i, table] of [...PLATFORM_TABLES, ...OWN_TABLES].entries()) {
      expect(await tableChecksum(client, table)).toEqual(checksums[i]);
    }
  });

  it('lets processes that migrate at once take turns', async () => {
    const { db } = await database();

    const runs = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);

    expect(runs.flat().sort()).toEqual([...ALL_MIGRATIONS].sort());
  });
});
