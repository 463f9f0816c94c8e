import type { Pool } from 'pg';
import { randomId } from './random-id';

type Currency = 'TRY' | 'USD' | 'EUR';
type Plan = 'starter' | 'team' | 'enterprise';

export interface CompanyRow { id: number; name: string; subdomain: string; plan: Plan; preferredCurrency: Currency }
export interface UserRow { id: number; email: string; fullName: string; companyId: number; role: string }
export interface SubscriptionRow { id: number; companyId: number; status: string; plan: Plan }
export interface WorkspaceRow { id: number; companyId: number; linuxUsername: string; isRunning: boolean; status: string }
export interface PaymentRow { id: number; companyId: number; subscriptionId: number | null; merchantOid: string; status: string }

export interface NewCompanyOptions {
  plan?: Plan;
  currency?: Currency;
  companyStatus?: string;
  /** Subscription status; `null` for a company without a subscription. */
  status?: string | null;
  trialEndsAt?: Date | string | null;
  periodEndsAt?: Date | string | null;
  cancelAtPeriodEnd?: boolean;
  /** `false` for a company without an (active) admin. */
  admin?: boolean | { email?: string; fullName?: string; isActive?: boolean };
  members?: number;
  /** How many workspaces, and whether they run. */
  workspaces?: number;
  workspacesRunning?: boolean;
}

export interface NewCompany {
  company: CompanyRow;
  admin: UserRow | null;
  subscription: SubscriptionRow | null;
  workspaces: WorkspaceRow[];
}

const DAY = 86_400_000;
let sequence = 0;
const run = randomId(4);
const unique = () => `${run}${++sequence}`;
const at = (value: Date | string | null | undefined) => (value == null ? null : new Date(value));

/**
 * Rows in the platform's tables, written the way the platform writes them (naive UTC timestamps),
 * so tests read like `ctx.newCompany({ trialEndsAt })` (STYLE.md).
 */
export class Factories {
  constructor(private readonly pool: Pool, private readonly now: Date = new Date('2026-12-01T00:00:00Z')) {}

  async company(options: { plan?: Plan; currency?: Currency; status?: string; name?: string } = {}): Promise<CompanyRow> {
    const key = unique();
    const name = options.name ?? `Company ${key}`;
    const { rows } = await this.pool.query(
      `INSERT INTO companies (name, subdomain, plan, status, max_workspaces, preferred_currency, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 5, $5, $6, $6) RETURNING id`,
      [name, `co${key}`, options.plan ?? 'team', options.status ?? 'active', options.currency ?? 'USD', this.now],
    );
    return { id: rows[0].id, name, subdomain: `co${key}`, plan: options.plan ?? 'team', preferredCurrency: options.currency ?? 'USD' };
  }

  async user(companyId: number, options: { role?: string; email?: string; fullName?: string; isActive?: boolean } = {}): Promise<UserRow> {
    const key = unique();
    const email = options.email ?? `user${key}@example.com`;
    const fullName = options.fullName ?? `User ${key}`;
    const role = options.role ?? 'member';
    const { rows } = await this.pool.query(
      `INSERT INTO users (email, full_name, role, is_active, company_id, password_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'pbkdf2:sha256:not-a-real-hash', $6, $6) RETURNING id`,
      [email, fullName, role, options.isActive ?? true, companyId, this.now],
    );
    return { id: rows[0].id, email, fullName, companyId, role };
  }

  async subscription(
    companyId: number,
    options: { status?: string; plan?: Plan; trialEndsAt?: Date | string | null; periodEndsAt?: Date | string | null; cancelAtPeriodEnd?: boolean } = {},
  ): Promise<SubscriptionRow> {
    const status = options.status ?? 'trial';
    const plan = options.plan ?? 'team';
    const trialEndsAt = at(options.trialEndsAt);
    const periodEnd = at(options.periodEndsAt);
    const { rows } = await this.pool.query(
      `INSERT INTO subscriptions (company_id, plan, status, trial_starts_at, trial_ends_at, current_period_start, current_period_end,
                                  cancel_at_period_end, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        companyId,
        plan,
        status,
        trialEndsAt ? new Date(trialEndsAt.getTime() - 14 * DAY) : null,
        trialEndsAt,
        periodEnd ? new Date(periodEnd.getTime() - 30 * DAY) : null,
        periodEnd,
        options.cancelAtPeriodEnd ?? false,
        this.now,
      ],
    );
    return { id: rows[0].id, companyId, status, plan };
  }

  async workspace(companyId: number, ownerId: number, options: { isRunning?: boolean; status?: string } = {}): Promise<WorkspaceRow> {
    const key = unique();
    const isRunning = options.isRunning ?? true;
    const status = options.status ?? 'active';
    const { rows } = await this.pool.query(
      `INSERT INTO workspaces (name, subdomain, linux_username, port, code_server_password, status, is_running, disk_quota_gb,
                               company_id, owner_id, created_at, updated_at)
       VALUES ($1, $2, $3, (SELECT COALESCE(MAX(port), 20000) + 1 FROM workspaces), 'not-a-real-password', $4, $5, 10, $6, $7, $8, $8)
       RETURNING id`,
      [`ws-${key}`, `ws${key}`, `u${key}`, status, isRunning, companyId, ownerId, this.now],
    );
    return { id: rows[0].id, companyId, linuxUsername: `u${key}`, isRunning, status };
  }

  async payment(
    companyId: number,
    subscriptionId: number | null,
    options: { status?: string; amount?: number; currency?: Currency; type?: string; reasonCode?: string; createdAt?: Date } = {},
  ): Promise<PaymentRow> {
    const merchantOid = `T${unique()}`;
    const status = options.status ?? 'success';
    const { rows } = await this.pool.query(
      `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type,
                             failure_reason_code, test_mode, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, 'team', $6, $7, $8, true, $9, $9, CASE WHEN $6::varchar = 'success' THEN $9::timestamp END) RETURNING id`,
      [companyId, subscriptionId, merchantOid, options.amount ?? 2900, options.currency ?? 'USD', status, options.type ?? 'recurring',
        options.reasonCode ?? null, options.createdAt ?? this.now],
    );
    return { id: rows[0].id, companyId, subscriptionId, merchantOid, status };
  }

  /** A company with an admin, a subscription and workspaces, at the stage the options describe. */
  async newCompany(options: NewCompanyOptions = {}): Promise<NewCompany> {
    const company = await this.company({ plan: options.plan, currency: options.currency, status: options.companyStatus });
    const adminOptions = typeof options.admin === 'object' ? options.admin : {};
    const admin = options.admin === false ? null : await this.user(company.id, { role: 'admin', ...adminOptions });
    const owner = admin ?? (await this.user(company.id, { role: 'member' }));
    for (let i = 0; i < (options.members ?? 0); i++) await this.user(company.id);
    const status = options.status === undefined ? (options.periodEndsAt ? 'active' : 'trial') : options.status;
    const subscription =
      status === null
        ? null
        : await this.subscription(company.id, {
            status,
            plan: options.plan,
            trialEndsAt: options.trialEndsAt === undefined && status === 'trial' ? new Date(this.now.getTime() + 14 * DAY) : options.trialEndsAt,
            periodEndsAt: options.periodEndsAt,
            cancelAtPeriodEnd: options.cancelAtPeriodEnd,
          });
    const workspaces: WorkspaceRow[] = [];
    for (let i = 0; i < (options.workspaces ?? 1); i++) {
      workspaces.push(await this.workspace(company.id, owner.id, { isRunning: options.workspacesRunning ?? true }));
    }
    return { company, admin, subscription, workspaces };
  }
}
