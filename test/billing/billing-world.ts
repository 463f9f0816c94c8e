import { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { billingSettings, createBillingSweeps, PromSweepMetrics, type BillingSettings, type BillingSweeps, type SweepLogger } from '@lifecycle/billing';
import { tickId, type Envelope, type ScheduleName } from '@lifecycle/contracts';
import { createDataSource, utcConnectionOptions } from '@lifecycle/persistence';
import { createTestDatabase, Factories, type TestDatabase } from '@lifecycle/testing';
import { FakeClock } from '@lifecycle/time';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const tick = (schedule: ScheduleName, at: Date | string) => ({ now: new Date(at), tickId: tickId(schedule, at) });
export const plus = (at: Date | string, ms: number) => new Date(new Date(at).getTime() + ms);

/**
 * A pg Pool on a test database. pool.end() resolves before its sockets close, so the DROP DATABASE
 * (FORCE) that follows can still terminate one; that late error is expected and ignored.
 */
export function testPool(url: string, max = 4): Pool {
  const pool = new Pool({ connectionString: url, max, ...utcConnectionOptions() });
  pool.on('error', () => undefined);
  return pool;
}

export class RecordingLogger implements SweepLogger {
  readonly lines: { level: 'log' | 'warn'; message: string }[] = [];
  log = (message: string) => void this.lines.push({ level: 'log', message });
  warn = (message: string) => void this.lines.push({ level: 'warn', message });
  warnings(): string[] {
    return this.lines.filter((l) => l.level === 'warn').map((l) => l.message);
  }
}

export interface OutboxRow {
  event_id: string;
  subject: string;
  aggregate: string;
  payload: Envelope;
}

/** One test's database with factories, a fake clock, metrics and sweeps bound to it. */
export class BillingWorld {
  readonly clock = new FakeClock('2026-12-01T09:00:05Z');
  readonly logger = new RecordingLogger();
  readonly registry = new Registry();
  private readonly disposers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly pool: Pool,
    readonly factories: Factories,
  ) {}

  static async create(): Promise<BillingWorld> {
    const db = await createTestDatabase();
    const world = await BillingWorld.attach(db);
    world.disposers.unshift(() => db.drop());
    return world;
  }

  /** A world over an existing database, which dispose() leaves in place. */
  static async attach(db: TestDatabase): Promise<BillingWorld> {
    const dataSource = await createDataSource(db.url, { poolSize: 4, applicationName: 'billing-test' }).initialize();
    const pool = testPool(db.url);
    const world = new BillingWorld(db, dataSource, pool, new Factories(pool, new Date('2026-11-01T00:00:00Z')));
    world.disposers.push(() => dataSource.destroy(), () => pool.end());
    return world;
  }

  sweeps(settings: Partial<BillingSettings> = {}, dataSource: DataSource = this.dataSource): BillingSweeps {
    return createBillingSweeps({
      manager: dataSource.manager,
      clock: this.clock,
      settings: billingSettings(settings),
      metrics: new PromSweepMetrics(this.registry),
      logger: this.logger,
    });
  }

  /** Another connection pool on the same database, as a second billing process would have. */
  async otherDataSource(): Promise<DataSource> {
    const dataSource = await createDataSource(this.db.url, { poolSize: 4, applicationName: 'billing-test-2' }).initialize();
    this.disposers.push(() => dataSource.destroy());
    return dataSource;
  }

  async setTrial(subscriptionId: number, trial: { startsAt?: Date | null; endsAt?: Date | null; createdAt?: Date }): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [subscriptionId];
    for (const [column, value] of [['trial_starts_at', trial.startsAt], ['trial_ends_at', trial.endsAt], ['created_at', trial.createdAt]] as const) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    await this.pool.query(`UPDATE subscriptions SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  /**
   * A payments row; Factories.payment cannot insert today (PostgreSQL: "inconsistent types deduced for
   * parameter $6", reported to the lead).
   */
  async payment(companyId: number, subscriptionId: number, p: { amount: number; currency: string; status?: string; at: Date }): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode,
                             created_at, updated_at, completed_at)
       VALUES ($1, $2, 'T' || md5(random()::text), $3, $4, 'team', $5::varchar, 'recurring', true, $6, $6,
               CASE WHEN $5::varchar = 'success' THEN $6::timestamp END)
       RETURNING id`,
      [companyId, subscriptionId, p.amount, p.currency, p.status ?? 'success', p.at],
    );
    return rows[0].id;
  }

  /** Deletes a company (and its users and workspaces) but keeps its subscription, as a platform without the foreign key could. */
  async removeCompanyKeepingSubscription(companyId: number): Promise<void> {
    await this.pool.query(`ALTER TABLE subscriptions DROP CONSTRAINT IF EXISTS subscriptions_company_id_fkey`);
    await this.pool.query(`DELETE FROM workspaces WHERE company_id = $1`, [companyId]);
    await this.pool.query(`DELETE FROM users WHERE company_id = $1`, [companyId]);
    await this.pool.query(`DELETE FROM companies WHERE id = $1`, [companyId]);
  }

  async outbox(): Promise<OutboxRow[]> {
    const { rows } = await this.pool.query(`SELECT event_id, subject, aggregate, payload FROM outbox_events ORDER BY id`);
    return rows;
  }

  async outboxIds(): Promise<string[]> {
    return (await this.outbox()).map((r) => r.event_id).sort();
  }

  async statuses(): Promise<Map<number, string>> {
    const { rows } = await this.pool.query(`SELECT id, status FROM subscriptions ORDER BY id`);
    return new Map(rows.map((r: { id: number; status: string }) => [r.id, r.status]));
  }

  async auditRows(): Promise<{ resource_id: number; company_id: number; action_type: string; resource_type: string; timestamp: Date; details: Record<string, unknown> }[]> {
    const { rows } = await this.pool.query(
      `SELECT resource_id, company_id, action_type, resource_type, "timestamp", details, user_id, success FROM audit_logs ORDER BY id`,
    );
    return rows;
  }

  async metric(name: string, labels: Record<string, string>): Promise<number> {
    const metric = (await this.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return value?.value ?? 0;
  }

  async dispose(): Promise<void> {
    for (const dispose of this.disposers.reverse()) await dispose().catch(() => undefined);
  }
}
