import type { Client } from 'pg';
import { DEMO_COMPANIES, type DemoCompany } from './demo-companies';

const HOUR = 3_600_000;

export interface SeededCompany extends DemoCompany {
  companyId: number;
  subscriptionId: number;
}

/** Writes the cast into the platform's tables, the way the platform would (naive UTC timestamps). */
export async function seedDemo(db: Client, start: Date): Promise<SeededCompany[]> {
  const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
  const seeded: SeededCompany[] = [];
  let port = 20_000;
  for (const company of DEMO_COMPANIES) {
    const created = at(-20 * 24);
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO companies (name, subdomain, plan, status, max_workspaces, preferred_currency, created_at, updated_at)
       VALUES ($1, $2, $3, 'active', 5, $4, $5, $5) RETURNING id`,
      [company.name, company.key, company.plan, company.currency, created],
    );
    const companyId = rows[0].id;
    const users: number[] = [];
    for (const [role, person] of [
      ['admin', company.admin],
      ['member', { email: `dev@${company.key}.example`, fullName: `Dev ${company.name}` }],
    ] as const) {
      if (!person) continue;
      const user = await db.query<{ id: number }>(
        `INSERT INTO users (email, full_name, role, is_active, company_id, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, true, $4, 'demo-not-a-hash', $5, $5) RETURNING id`,
        [person.email, person.fullName, role, companyId, created],
      );
      users.push(user.rows[0].id);
    }
    const s = company.subscription;
    const trialEnds = s.status === 'trial' ? at(s.trialEndsInHours) : s.status === 'expired' ? at(-s.trialEndedHoursAgo) : null;
    const periodEnds = s.status === 'active' ? at(s.periodEndsInHours) : null;
    const subscription = await db.query<{ id: number }>(
      `INSERT INTO subscriptions (company_id, plan, status, trial_starts_at, trial_ends_at, current_period_start, current_period_end,
                                  cancel_at_period_end, paytr_subscription_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [
        companyId,
        company.plan,
        s.status,
        trialEnds ? new Date(trialEnds.getTime() - 14 * 24 * HOUR) : null,
        trialEnds,
        periodEnds ? new Date(periodEnds.getTime() - 30 * 24 * HOUR) : null,
        periodEnds,
        s.status === 'active' && !!s.cancelAtPeriodEnd,
        s.status === 'active' ? `demo-utoken-${company.key}` : null,
        created,
      ],
    );
    for (let i = 0; i < company.workspaces; i++) {
      await db.query(
        `INSERT INTO workspaces (name, subdomain, linux_username, port, code_server_password, status, is_running, disk_quota_gb,
                                 company_id, owner_id, created_at, updated_at, last_started_at)
         VALUES ($1, $2, $3, $4, 'demo-not-a-password', 'active', true, 10, $5, $6, $7, $7, $7)`,
        [i === 0 ? 'main' : `ws-${i + 1}`, `${company.key}-${i + 1}`, `${company.key.slice(0, 8)}${i + 1}`, port++, companyId, users[users.length - 1], created],
      );
    }
    if (company.failedPayment) {
      await db.query(
        `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type,
                               failure_reason_code, failure_reason_message, test_mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'failed', 'recurring', '51', 'insufficient funds', true, $7, $7)`,
        [companyId, subscription.rows[0].id, `DEMO${company.key.toUpperCase()}1`, company.failedPayment.amount, company.currency, company.plan, at(-0.5)],
      );
    }
    seeded.push({ ...company, companyId, subscriptionId: subscription.rows[0].id });
  }
  return seeded;
}

/** The platform's own action on day 10: the customer paid in the app, so it sets the subscription active again. */
export async function platformReactivates(db: Client, subscriptionId: number, now: Date): Promise<void> {
  await db.query(
    `UPDATE subscriptions SET status = 'active', current_period_start = $2, current_period_end = $2::timestamp + interval '30 days',
            paytr_subscription_id = 'demo-utoken-paid-in-app', updated_at = $2
      WHERE id = $1`,
    [subscriptionId, now],
  );
}
