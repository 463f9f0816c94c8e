import { eventually } from '@lifecycle/testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createEnvelope, STREAMS, tickId, type Envelope, type HealthCheckName } from '@lifecycle/contracts';
import { createHealth, healthSettings, type HealthDeps, type HealthService, type HealthSettings } from '@lifecycle/health';
import { connectNats, JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { OutboxRelay } from '@lifecycle/outbox';
import { createDataSource, utcConnectionOptions } from '@lifecycle/persistence';
import { createTestDatabase, Factories, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { FakeClock } from '@lifecycle/time';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const plus = (at: Date | string, ms: number) => new Date(new Date(at).getTime() + ms);

export class RecordingLogger {
  readonly lines: string[] = [];
  log = (message: string) => void this.lines.push(message);
  warn = (message: string) => void this.lines.push(`WARN ${message}`);
}

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** One test's database, namespace and NATS connection, with factories and health bound to them. */
export class HealthWorld {
  readonly clock = new FakeClock('2026-12-01T10:00:07Z');
  readonly registry = new Registry();
  readonly logger = new RecordingLogger();
  private readonly disposers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly pool: Pool,
    readonly factories: Factories,
    readonly namespace: Namespace,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
  ) {}

  static async create(): Promise<HealthWorld> {
    const db = await createTestDatabase();
    const dataSource = await createDataSource(db.url, { poolSize: 4, applicationName: 'health-test' }).initialize();
    const pool = new Pool({ connectionString: db.url, max: 4, ...utcConnectionOptions() });
    const namespace = new Namespace(testNamespace());
    const nc = await connectNats({ url: testInfra().natsUrl, name: 'health-test' });
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, namespace, STREAMS);
    const world = new HealthWorld(db, dataSource, pool, new Factories(pool, new Date('2026-11-01T00:00:00Z')), namespace, nc, jsm);
    world.disposers.push(() => db.drop(), () => dataSource.destroy(), () => pool.end(), () => nc.close(), () => world.deleteStreams());
    return world;
  }

  health(
    settings: Partial<HealthSettings> = {},
    dataSource: DataSource = this.dataSource,
    edges: Pick<HealthDeps, 'poller' | 'runtime'> = {},
  ): HealthService {
    return createHealth({
      ...edges,
      manager: dataSource.manager,
      jsm: this.jsm,
      namespace: this.namespace,
      clock: this.clock,
      settings: healthSettings(settings),
      registry: this.registry,
      logger: this.logger,
    });
  }

  /** Runs a check as its tick at `at` would. */
  run(health: HealthService, check: HealthCheckName, at: Date | string) {
    return health.runCheck.execute(check, { now: new Date(at), tickId: tickId(check, at) });
  }

  /** "code resource" of what a run at `at` would find, sorted. */
  async found(health: HealthService, check: HealthCheckName, at: Date | string): Promise<string[]> {
    const result = await health.runCheck.evaluate(check, new Date(at));
    return result.issues.map((i) => `${i.code} ${i.resource}`).sort();
  }

  async otherDataSource(): Promise<DataSource> {
    const dataSource = await createDataSource(this.db.url, { poolSize: 4, applicationName: 'health-test-2' }).initialize();
    this.disposers.push(() => dataSource.destroy());
    return dataSource;
  }

  /** The outbox relay of a health process, publishing into this namespace. */
  async startRelay(): Promise<OutboxRelay> {
    const dataSource = await createDataSource(this.db.url, { poolSize: 2, applicationName: 'health-relay-test' }).initialize();
    const relay = new OutboxRelay(dataSource, new JetStreamPublisher(jetstream(this.nc), this.namespace), { logger: silent, pollIntervalMs: 200 });
    relay.start();
    this.disposers.push(() => dataSource.destroy(), () => relay.stop());
    return relay;
  }

  /** Every envelope on the namespace's HEALTH stream, in stream order. */
  async healthStream(): Promise<Envelope[]> {
    const stream = this.namespace.stream('HEALTH');
    const { state } = await this.jsm.streams.info(stream);
    const envelopes: Envelope[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message) envelopes.push(message.json<Envelope>());
    }
    return envelopes;
  }

  async openIssues(): Promise<{ code: string; resource: string; check_name: string; first_seen_at: Date; last_seen_at: Date }[]> {
    const { rows } = await this.pool.query(
      `SELECT code, resource, check_name, first_seen_at, last_seen_at FROM health_issues WHERE resolved_at IS NULL ORDER BY code, resource`,
    );
    return rows;
  }

  async allIssues(): Promise<{ code: string; resource: string; first_seen_at: Date; resolved_at: Date | null }[]> {
    const { rows } = await this.pool.query(`SELECT code, resource, first_seen_at, resolved_at FROM health_issues ORDER BY id`);
    return rows;
  }

  async outboxSubjects(): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT subject FROM outbox_events ORDER BY id`);
    return rows.map((r: { subject: string }) => r.subject);
  }

  async invoice(payment: { id: number; companyId: number }, options: { total?: number; currency?: string; status?: string } = {}): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO invoices (company_id, payment_id, invoice_number, subtotal, tax_amount, total_amount, currency, period_start, period_end,
                             invoice_date, due_date, paid_at, status, created_at, updated_at)
       VALUES ($1, $2::int, 'INV-2026-' || lpad($2::int::text, 5, '0'), $3, 0, $3, $4, '2026-11-01', '2026-12-01', '2026-11-01', '2026-11-15',
               '2026-11-01', $5, '2026-11-01', '2026-11-01')
       RETURNING id`,
      [payment.companyId, payment.id, options.total ?? 2900, options.currency ?? 'USD', options.status ?? 'paid'],
    );
    return rows[0].id;
  }

  /** A payments row (libs/testing's Factories.payment fails on PostgreSQL's type deduction for its CASE). */
  async payment(
    companyId: number,
    subscriptionId: number | null,
    options: { status: string; at: Date | string; amount?: number; retryOf?: number; retryCount?: number },
  ): Promise<{ id: number; companyId: number }> {
    const { rows } = await this.pool.query(
      `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode,
                             created_at, updated_at, completed_at, retry_of_payment_id, retry_count)
       VALUES ($1, $2, 'T' || md5(random()::text), $3, 'USD', 'team', $4::varchar, 'recurring', true, $5, $5, $5, $6, $7)
       RETURNING id`,
      [companyId, subscriptionId, options.amount ?? 2900, options.status, new Date(options.at), options.retryOf ?? null, options.retryCount ?? 0],
    );
    return { id: rows[0].id, companyId };
  }

  async mail(options: { status: string; sentAt: Date | string; type?: string; error?: string; companyId?: number }): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO email_logs ("timestamp", company_id, email_type, recipient_email, subject, sent_at, delivery_status, dedup_key, error)
       VALUES ($1, $2, $3, 'someone@example.com', 'subject', $1, $4, md5(random()::text), $5) RETURNING id`,
      [new Date(options.sentAt), options.companyId ?? null, options.type ?? 'trial_expiry_reminder', options.status, options.error ?? null],
    );
    return rows[0].id;
  }

  async mails(count: number, options: { status: string; sentAt: Date | string; type?: string; error?: string }): Promise<void> {
    for (let i = 0; i < count; i++) await this.mail(options);
  }

  /** An event in the shared outbox, as another service would have written it. */
  async outboxEvent<S extends Envelope['type']>(envelope: Envelope<S>, sent = true): Promise<void> {
    await this.pool.query(
      `INSERT INTO outbox_events (event_id, subject, aggregate, payload, sent_at) VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)`,
      [envelope.id, envelope.type, 'test', JSON.stringify(envelope), sent],
    );
  }

  workspaceEvent(type: 'workspace.stopped' | 'workspace.started' | 'workspace.action_failed', workspace: { id: number; companyId: number }, at: string, n = 1): Envelope {
    const base = { workspaceId: workspace.id, companyId: workspace.companyId, workspaceName: `ws-${workspace.id}`, reason: 'trial.expired', driver: 'systemd' as const };
    const common = { id: `${type}:ws-${workspace.id}:${n}`, source: 'workspace-guard' as const, correlationId: 'test', occurredAt: at };
    return type === 'workspace.action_failed'
      ? createEnvelope(type, { ...common, data: { ...base, action: 'stop', error: 'systemctl exited with 1' } })
      : createEnvelope(type, { ...common, data: base });
  }

  async slot(schedule: string, at: Date | string, trigger = 'schedule'): Promise<void> {
    await this.pool.query(
      `INSERT INTO clock_slots (schedule, slot, "trigger", tick_id, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, 'test', now())`,
      [schedule, new Date(at), trigger, `${schedule}@${new Date(at).toISOString()}`],
    );
  }

  /** md5 of every platform table: health never changes data. */
  async platformChecksum(): Promise<string> {
    const tables = ['companies', 'users', 'subscriptions', 'workspaces', 'payments', 'invoices', 'email_logs', 'audit_logs'];
    const parts: string[] = [];
    for (const table of tables) {
      const { rows } = await this.pool.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${table} t`);
      parts.push(`${table}:${rows[0].md5}`);
    }
    return parts.join(' ');
  }

  private async deleteStreams(): Promise<void> {
    for (const stream of STREAMS) await this.jsm.streams.delete(this.namespace.stream(stream.name)).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    for (const dispose of this.disposers.reverse()) await dispose().catch(() => undefined);
  }
}

export { eventually };
