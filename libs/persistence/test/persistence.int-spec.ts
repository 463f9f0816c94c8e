import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@lifecycle/testing';
import { createDataSource, DatabaseHealth, PersistenceModule, ProcessedMessageRepository } from '@lifecycle/persistence';

describe('persistence', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  describe('ProcessedMessageRepository.markProcessed', () => {
    let dataSource: DataSource;
    const ledger = new ProcessedMessageRepository();

    beforeEach(async () => {
      dataSource = await createDataSource(db.url, { poolSize: 2 }).initialize();
    });

    afterEach(async () => {
      await dataSource.destroy();
    });

    it('is true the first time a consumer sees an event, false after', async () => {
      const first = await dataSource.transaction((m) => ledger.markProcessed(m, 'notifier', 'trial.expired:sub-1:2026-12-01T09:00:00Z'));
      const again = await dataSource.transaction((m) => ledger.markProcessed(m, 'notifier', 'trial.expired:sub-1:2026-12-01T09:00:00Z'));
      const otherConsumer = await dataSource.transaction((m) =>
        ledger.markProcessed(m, 'workspace-guard', 'trial.expired:sub-1:2026-12-01T09:00:00Z'),
      );

      expect([first, again, otherConsumer]).toEqual([true, false, true]);
    });

    it('forgets the mark when the consumer transaction rolls back', async () => {
      await expect(
        dataSource.transaction(async (m) => {
          await ledger.markProcessed(m, 'billing', 'evt-1');
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');

      expect(await dataSource.transaction((m) => ledger.markProcessed(m, 'billing', 'evt-1'))).toBe(true);
    });
  });

  it('maps every entity column onto a migrated column of the same nullability', async () => {
    const dataSource = await createDataSource(db.url, { poolSize: 1 }).initialize();
    try {
      const rows: { table_name: string; column_name: string; is_nullable: string }[] = await dataSource.query(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      const actual = new Set(rows.map((r) => `${r.table_name}.${r.column_name} ${r.is_nullable}`));
      const mapped = dataSource.entityMetadatas.flatMap((m) =>
        m.columns.map((c) => `${m.tableName}.${c.databaseName} ${c.isNullable ? 'YES' : 'NO'}`),
      );

      expect(mapped.filter((c) => !actual.has(c))).toEqual([]);
      expect(dataSource.entityMetadatas.map((m) => m.tableName).sort()).toEqual([
        'audit_logs',
        'clock_slots',
        'companies',
        'email_logs',
        'health_issues',
        'invoices',
        'outbox_events',
        'payments',
        'processed_messages',
        'subscriptions',
        'users',
        'workspaces',
      ]);
    } finally {
      await dataSource.destroy();
    }
  });

  describe('PersistenceModule', () => {
    it('provides an initialized DataSource and a readiness check, and closes it on shutdown', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [PersistenceModule.forRoot({ url: db.url, poolSize: 3, applicationName: 'lifecycle-test' })],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const dataSource = app.get(DataSource);
      const health = app.get(DatabaseHealth);

      expect(dataSource.isInitialized).toBe(true);
      expect(await health.isReady()).toBe(true);
      const [{ names }] = await dataSource.query(
        `SELECT array_agg(DISTINCT application_name) AS names FROM pg_stat_activity WHERE datname = current_database()`,
      );
      expect(names).toContain('lifecycle-test');
      const migrations = await dataSource.showMigrations();
      expect(migrations).toBe(false);

      await app.close();
      expect(dataSource.isInitialized).toBe(false);
      expect(await health.isReady()).toBe(false);
    });

    it('reports not ready within the timeout when the database does not answer', async () => {
      const dataSource = await createDataSource(db.url, { poolSize: 1 }).initialize();
      const holder = dataSource.createQueryRunner();
      await holder.connect();
      try {
        // The only pooled connection is held, so the probe cannot even start its query.
        const started = Date.now();
        expect(await new DatabaseHealth(dataSource).isReady(300)).toBe(false);
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await holder.release();
        await dataSource.destroy();
      }
    });
  });
});
