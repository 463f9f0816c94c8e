import type { EntityManager } from 'typeorm';

/** One chain the next payment-retry tick would touch, as read (nothing locked, nothing written). */
export interface DueChainRow {
  headId: number;
  retryCount: number;
  nextRetryAt: Date;
  amount: number;
  currency: string;
  companyId: number;
  companyName: string | null;
  subscriptionId: number | null;
  subscriptionStatus: string | null;
  plan: string | null;
  /** `subscriptions.paytr_subscription_id`: the PayTR `utoken` of the customer's stored cards. */
  userToken: string | null;
  adminEmail: string | null;
  /** What "settle stale chains" would do instead of a retry: `resolved` (paid meanwhile), `closed` (left billing), or null. */
  settledAs: 'resolved' | 'closed' | null;
}

// The same verdict as SETTLE_STALE in dunning-retry.repository.ts, read without FOR UPDATE.
const DUE = `
  SELECT h.id AS head_id, h.retry_count, h.next_retry_at, h.amount, h.currency, h.company_id,
         c.name AS company_name, s.id AS subscription_id, s.status AS subscription_status, s.plan, s.paytr_subscription_id AS user_token,
         a.email AS admin_email,
         CASE WHEN EXISTS (SELECT 1 FROM payments w WHERE w.subscription_id = h.subscription_id AND w.status = 'success'
                           AND w.payment_type <> 'one_time' AND w.id > h.id AND w.retry_of_payment_id IS DISTINCT FROM h.id) THEN 'resolved'
              WHEN s.id IS NULL OR s.status NOT IN ('active', 'past_due', 'suspended') THEN 'closed'
         END AS settled_as
  FROM payments h
  LEFT JOIN subscriptions s ON s.id = h.subscription_id
  LEFT JOIN companies c ON c.id = COALESCE(s.company_id, h.company_id)
  LEFT JOIN LATERAL (SELECT u.email FROM users u
                     WHERE u.company_id = c.id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1) AS a ON true
  WHERE h.dunning_state = 'active' AND h.next_retry_at <= $1::timestamp
  ORDER BY h.id`;

const IN_FLIGHT = `SELECT count(*)::int AS n FROM payments WHERE status = 'pending' AND retry_of_payment_id IS NOT NULL`;

/** The read-only queries of `lifecyclectl preview payment-retry`. */
export class PaymentRetryPreviewRepository {
  constructor(private readonly manager: EntityManager) {}

  async dueChains(at: Date): Promise<DueChainRow[]> {
    const rows: Record<string, unknown>[] = await this.manager.query(DUE, [at]);
    return rows.map((r) => ({
      headId: r.head_id as number,
      retryCount: r.retry_count as number,
      nextRetryAt: r.next_retry_at as Date,
      amount: r.amount as number,
      currency: r.currency as string,
      companyId: r.company_id as number,
      companyName: r.company_name as string | null,
      subscriptionId: r.subscription_id as number | null,
      subscriptionStatus: r.subscription_status as string | null,
      plan: r.plan as string | null,
      userToken: r.user_token as string | null,
      adminEmail: r.admin_email as string | null,
      settledAs: r.settled_as as 'resolved' | 'closed' | null,
    }));
  }

  /** Attempts whose outcome is unknown: the tick asks the provider for their status before any new retry. */
  async inFlight(): Promise<number> {
    const rows: { n: number }[] = await this.manager.query(IN_FLIGHT);
    return rows[0].n;
  }
}
