import type { DataSource } from 'typeorm';
import {
  billingSettings,
  createBillingSweeps,
  createDunning,
  dunningSettings,
  PromDunningMetrics,
  PromSweepMetrics,
  type BillingSettings,
  type BillingSweeps,
  type Dunning,
  type DunningSettings,
} from '@lifecycle/billing';
import { tickId } from '@lifecycle/contracts';
import { FakeGateway, FakeGatewayScript, MemoryLedger, NoneGateway, type FakeLedger, type PaymentGateway } from '@lifecycle/payments';
import type { NewCompany } from '@lifecycle/testing';
import { BillingWorld, type OutboxRow } from '../billing/billing-world';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const plus = (at: Date | string, ms: number) => new Date(new Date(at).getTime() + ms);
export const retryTick = (at: Date | string) => ({ now: new Date(at), tickId: tickId('payment-retry', at) });

export interface PaymentRow {
  id: number;
  company_id: number;
  subscription_id: number | null;
  paytr_merchant_oid: string;
  paytr_transaction_id: string | null;
  amount: number;
  currency: string;
  status: string;
  payment_type: string;
  failure_reason_code: string | null;
  failure_reason_message: string | null;
  test_mode: boolean;
  created_at: Date | null;
  completed_at: Date | null;
  updated_at: Date | null;
  retry_count: number;
  next_retry_at: Date | null;
  retry_of_payment_id: number | null;
  dunning_state: string | null;
}

export interface DunningOptions {
  script?: string;
  gateway?: PaymentGateway;
  settings?: Partial<DunningSettings>;
  billing?: Partial<BillingSettings>;
  dataSource?: DataSource;
  paytrCallback?: { merchantKey: string; merchantSalt: string } | null;
}

/** A BillingWorld plus dunning: a fake gateway with an in-memory ledger, failed payments, and readers of the rows dunning writes. */
export class DunningWorld {
  readonly ledger: FakeLedger = new MemoryLedger();

  private constructor(readonly billing: BillingWorld) {}

  static async create(): Promise<DunningWorld> {
    return new DunningWorld(await BillingWorld.create());
  }

  get clock() {
    return this.billing.clock;
  }

  get pool() {
    return this.billing.pool;
  }

  get factories() {
    return this.billing.factories;
  }

  fakeGateway(script = 'default=succeed', delayMs = 0): FakeGateway {
    return new FakeGateway(FakeGatewayScript.parse(script), this.ledger, delayMs);
  }

  dunning(options: DunningOptions = {}): Dunning {
    const gateway = options.gateway ?? (options.script === 'none' ? new NoneGateway() : this.fakeGateway(options.script));
    return createDunning({
      manager: (options.dataSource ?? this.billing.dataSource).manager,
      clock: this.clock,
      settings: billingSettings(options.billing),
      dunning: dunningSettings(options.settings),
      gateway,
      paytrCallback: options.paytrCallback ?? null,
      metrics: new PromDunningMetrics(this.billing.registry),
      logger: this.billing.logger,
    });
  }

  /** The billing sweeps as the app builds them (trial-expiry also announces platform reactivations, counted in the metrics). */
  sweeps(): BillingSweeps {
    return createBillingSweeps({
      manager: this.billing.dataSource.manager,
      clock: this.clock,
      settings: billingSettings(),
      metrics: new PromSweepMetrics(this.billing.registry),
      dunningMetrics: new PromDunningMetrics(this.billing.registry),
      logger: this.billing.logger,
    });
  }

  /** An active (or other status) paid subscription whose current period ends at `periodEndsAt`. */
  async customer(options: { periodEndsAt?: Date | string; status?: string; currency?: 'USD' | 'EUR' | 'TRY'; plan?: 'starter' | 'team' | 'enterprise'; admin?: boolean; utoken?: string; workspaces?: number } = {}): Promise<NewCompany> {
    const company = await this.factories.newCompany({
      status: options.status ?? 'active',
      periodEndsAt: options.periodEndsAt ?? '2026-12-01T00:00:00Z',
      currency: options.currency,
      plan: options.plan,
      admin: options.admin,
      ...(options.workspaces ? { workspaces: options.workspaces, workspacesRunning: true } : {}),
    });
    if (options.utoken) await this.pool.query(`UPDATE subscriptions SET paytr_subscription_id = $2 WHERE id = $1`, [company.subscription!.id, options.utoken]);
    return company;
  }

  /** A payment the platform recorded as failed at `at` (created_at = updated_at = at). */
  async failedPayment(
    c: NewCompany,
    p: { at: Date | string; amount?: number; currency?: string; code?: string | null; message?: string | null; status?: string; type?: string },
  ): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type,
                             failure_reason_code, failure_reason_message, test_mode, created_at, updated_at, completed_at)
       VALUES ($1, $2, 'P' || md5(random()::text), $3, $4, $5, $6::varchar, $7, $8, $9, true, $10, $10,
               CASE WHEN $6::varchar = 'success' THEN $10::timestamp END)
       RETURNING id`,
      [
        c.company.id,
        c.subscription?.id ?? null,
        p.amount ?? 2900,
        p.currency ?? c.company.preferredCurrency,
        c.subscription?.plan ?? 'team',
        p.status ?? 'failed',
        p.type ?? 'recurring',
        p.status === 'success' ? null : (p.code === undefined ? '0' : p.code),
        p.status === 'success' ? null : (p.message === undefined ? 'Yetersiz bakiye' : p.message),
        new Date(p.at),
      ],
    );
    return rows[0].id;
  }

  async payment(id: number): Promise<PaymentRow> {
    const { rows } = await this.pool.query(`SELECT * FROM payments WHERE id = $1`, [id]);
    return rows[0];
  }

  async attempts(headId: number): Promise<PaymentRow[]> {
    const { rows } = await this.pool.query(`SELECT * FROM payments WHERE retry_of_payment_id = $1 ORDER BY id`, [headId]);
    return rows;
  }

  async subscription(id: number): Promise<{ status: string; current_period_start: Date | null; current_period_end: Date | null; updated_at: Date }> {
    const { rows } = await this.pool.query(`SELECT status, current_period_start, current_period_end, updated_at FROM subscriptions WHERE id = $1`, [id]);
    return rows[0];
  }

  async invoices(): Promise<{ id: number; invoice_number: string; payment_id: number; company_id: number; total_amount: number; subtotal: number; tax_amount: number; currency: string; period_start: Date; period_end: Date; invoice_date: Date; paid_at: Date; status: string }[]> {
    const { rows } = await this.pool.query(`SELECT * FROM invoices ORDER BY id`);
    return rows;
  }

  outbox(): Promise<OutboxRow[]> {
    return this.billing.outbox();
  }

  async events(subject?: string): Promise<OutboxRow['payload'][]> {
    return (await this.outbox()).filter((r) => !subject || r.subject === subject).map((r) => r.payload);
  }

  async audit(resourceId?: number) {
    return (await this.billing.auditRows()).filter((a) => resourceId === undefined || a.resource_id === resourceId);
  }

  /** Charges the fake gateway took, by merchant_oid. */
  charges(): string[] {
    return this.ledger.entries().filter((e) => e.type === 'charge').map((e) => e.merchantOid);
  }

  metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return this.billing.metric(name, labels);
  }

  dispose(): Promise<void> {
    return this.billing.dispose();
  }
}

export const settingsFor = dunningSettings;
