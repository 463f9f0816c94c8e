import type { BillingFacts } from './health-facts';
import type { BillingFactsQuery, BillingFactsStore } from './health.ports';
import { readBounded, subscriptionRef, type BoundedQuery, type Queryable, type SubscriptionRow } from './facts-rows';

// Each problem is read bounded (facts-rows.ts, boundedSql): its matches in one pass over the tables, the
// first HEALTH_ISSUE_LIMIT of them and a count that stops after the cap.

const COMPANY_LABEL = { columns: 'c.name AS company_name', joins: 'LEFT JOIN companies c ON c.id = m.company_id' };
const SUBSCRIPTION_COLUMNS = 's.id AS subscription_id, s.company_id, s.status';

export const PAYMENTS_WITHOUT_INVOICE: BoundedQuery = {
  select: `p.id AS payment_id, p.company_id, p.subscription_id, p.amount, p.currency, COALESCE(p.completed_at, p.created_at) AS paid_at`,
  from: `FROM payments p
    WHERE p.status = 'success' AND COALESCE(p.completed_at, p.created_at) < $1::timestamp
      AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = p.id)`,
  key: 'payment_id',
};

export const INVOICE_MISMATCHES: BoundedQuery = {
  select: `i.id AS invoice_id, i.invoice_number, i.company_id, i.total_amount, i.currency AS invoice_currency,
           p.id AS payment_id, p.amount AS payment_amount, p.currency AS payment_currency`,
  from: `FROM invoices i
    JOIN payments p ON p.id = i.payment_id
    WHERE i.status = 'paid' AND (i.total_amount <> p.amount OR i.currency <> p.currency)`,
  key: 'invoice_id',
};

// A subscription set to cancel at the period end is not charged again, so it needs no card.
export const ACTIVE_WITHOUT_PAYMENT_METHOD: BoundedQuery = {
  select: SUBSCRIPTION_COLUMNS,
  from: `FROM subscriptions s WHERE s.status = 'active' AND s.paytr_subscription_id IS NULL AND NOT s.cancel_at_period_end`,
  key: 'subscription_id',
  label: COMPANY_LABEL,
};

export const LAGGING_TRIALS: BoundedQuery = {
  select: `${SUBSCRIPTION_COLUMNS}, s.trial_ends_at`,
  from: `FROM subscriptions s WHERE s.status = 'trial' AND s.trial_ends_at < $1::timestamp`,
  key: 'subscription_id',
  label: COMPANY_LABEL,
};

// The latest payment of each subscription, when it failed: a failed row no later row of its subscription
// follows (created_at, then id); payments_subscription_id_status_idx serves the lookup. Retries are counted
// both ways dunning may record them (the failed row's retry_count, or retry rows pointing at the first failure).
export const STUCK_DUNNING: BoundedQuery = {
  ctes: `latest_failed AS (
    SELECT p.subscription_id, p.id AS payment_id, p.retry_count, COALESCE(p.retry_of_payment_id, p.id) AS first_failure_id,
           COALESCE(p.completed_at, p.updated_at, p.created_at) AS failed_at
    FROM payments p
    WHERE p.status = 'failed' AND p.subscription_id IS NOT NULL AND p.created_at <= $1::timestamp
      AND NOT EXISTS (
        SELECT 1 FROM payments q
        WHERE q.subscription_id = p.subscription_id AND q.created_at <= $1::timestamp AND (q.created_at, q.id) > (p.created_at, p.id)
      )
  ), counted AS (
    SELECT l.*, GREATEST(l.retry_count,
             (SELECT count(*) FROM payments r WHERE r.retry_of_payment_id = l.first_failure_id))::int AS retries
    FROM latest_failed l
  )`,
  select: 'd.subscription_id, s.company_id, s.status, d.payment_id, d.retries, d.failed_at',
  from: `FROM counted d
    JOIN subscriptions s ON s.id = d.subscription_id
    WHERE d.retries >= $2 AND s.status NOT IN ('suspended', 'cancelled', 'expired')`,
  key: 'subscription_id',
  label: COMPANY_LABEL,
};

export const COMPANIES_WITHOUT_ADMIN: BoundedQuery = {
  select: SUBSCRIPTION_COLUMNS,
  from: `FROM subscriptions s
    WHERE s.status IN ('trial', 'active', 'past_due')
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active)`,
  key: 'company_id',
  label: COMPANY_LABEL,
};

export const TRIALS_WITHOUT_END: BoundedQuery = {
  select: SUBSCRIPTION_COLUMNS,
  from: `FROM subscriptions s WHERE s.status = 'trial' AND s.trial_ends_at IS NULL`,
  key: 'subscription_id',
  label: COMPANY_LABEL,
};

// The chain head is `unknown` (billing's own dunning_state); the attempt still pending is the one PayTR has not answered for.
export const UNKNOWN_OUTCOMES: BoundedQuery = {
  select: `t.id AS payment_id, t.paytr_merchant_oid AS merchant_oid, COALESCE(q.unknown_since, h.updated_at) AS since, ${SUBSCRIPTION_COLUMNS}`,
  from: `FROM payments h
    JOIN payments t ON t.retry_of_payment_id = h.id AND t.status = 'pending'
    JOIN subscriptions s ON s.id = h.subscription_id
    LEFT JOIN payment_outcome_inquiries q ON q.payment_id = t.id
    WHERE h.dunning_state = 'unknown'`,
  key: 'payment_id',
  label: COMPANY_LABEL,
};

export const LATE_SETTLEMENTS: BoundedQuery = {
  select: `(a.details->>'paymentId')::int AS payment_id, a.company_id, a.details->>'merchantOid' AS merchant_oid, a.timestamp AS settled_at`,
  from: `FROM audit_logs a WHERE a.action_type = 'payment_late_settlement' AND a.timestamp >= $1::timestamp AND a.timestamp <= $2::timestamp`,
  key: 'payment_id',
  label: COMPANY_LABEL,
};

export const FAILING_FORWARDS: BoundedQuery = {
  select: 'f.merchant_oid, f.attempts, f.last_error, f.first_at',
  from: `FROM paytr_forwards f WHERE f.status = 'failing'`,
  key: 'merchant_oid',
};

interface PaymentRow {
  payment_id: number;
  company_id: number;
  subscription_id: number | null;
  amount: number;
  currency: string;
  paid_at: Date;
}

interface MismatchRow {
  invoice_id: number;
  invoice_number: string;
  company_id: number;
  total_amount: number;
  invoice_currency: string;
  payment_id: number;
  payment_amount: number;
  payment_currency: string;
}

/** billing-health's read-only queries over subscriptions, payments, invoices and users. */
export class BillingFactsRepository implements BillingFactsStore {
  constructor(private readonly db: Queryable) {}

  async read(q: BillingFactsQuery): Promise<BillingFacts> {
    const bounds = { limit: q.limit, cap: q.cap };
    const [
      paymentsWithoutInvoice,
      invoiceMismatches,
      activeWithoutPaymentMethod,
      laggingTrials,
      stuckDunning,
      companiesWithoutAdmin,
      trialsWithoutEnd,
      unknownOutcomes,
      lateSettlements,
      failingForwards,
    ] = await Promise.all([
        readBounded(this.db, PAYMENTS_WITHOUT_INVOICE, [q.invoiceCutoff], bounds, (r: PaymentRow) => ({
          paymentId: r.payment_id,
          companyId: r.company_id,
          subscriptionId: r.subscription_id,
          amount: r.amount,
          currency: r.currency,
          paidAt: r.paid_at,
        })),
        readBounded(this.db, INVOICE_MISMATCHES, [], bounds, (r: MismatchRow) => ({
          invoiceId: r.invoice_id,
          invoiceNumber: r.invoice_number,
          companyId: r.company_id,
          totalAmount: r.total_amount,
          invoiceCurrency: r.invoice_currency,
          paymentId: r.payment_id,
          paymentAmount: r.payment_amount,
          paymentCurrency: r.payment_currency,
        })),
        readBounded(this.db, ACTIVE_WITHOUT_PAYMENT_METHOD, [], bounds, (r: SubscriptionRow) => subscriptionRef(r)),
        readBounded(this.db, LAGGING_TRIALS, [q.expiryCutoff], bounds, (r: SubscriptionRow & { trial_ends_at: Date }) => ({
          ...subscriptionRef(r),
          trialEndsAt: r.trial_ends_at,
        })),
        readBounded(this.db, STUCK_DUNNING, [q.now, q.maxPaymentRetries], bounds, (r: SubscriptionRow & { payment_id: number; retries: number; failed_at: Date }) => ({
          ...subscriptionRef(r),
          paymentId: r.payment_id,
          retries: r.retries,
          failedAt: r.failed_at,
        })),
        readBounded(this.db, COMPANIES_WITHOUT_ADMIN, [], bounds, (r: SubscriptionRow) => subscriptionRef(r)),
        readBounded(this.db, TRIALS_WITHOUT_END, [], bounds, (r: SubscriptionRow) => subscriptionRef(r)),
        readBounded(this.db, UNKNOWN_OUTCOMES, [], bounds, (r: SubscriptionRow & { payment_id: number; merchant_oid: string; since: Date }) => ({
          ...subscriptionRef(r),
          paymentId: r.payment_id,
          merchantOid: r.merchant_oid,
          since: r.since,
        })),
        readBounded(
          this.db,
          LATE_SETTLEMENTS,
          [q.lateSettlementSince, q.now],
          bounds,
          (r: { payment_id: number; company_id: number; company_name: string | null; merchant_oid: string; settled_at: Date }) => ({
            paymentId: r.payment_id,
            companyId: r.company_id,
            companyName: r.company_name,
            merchantOid: r.merchant_oid,
            settledAt: r.settled_at,
          }),
        ),
        readBounded(this.db, FAILING_FORWARDS, [], bounds, (r: { merchant_oid: string; attempts: number; last_error: string | null; first_at: Date }) => ({
          merchantOid: r.merchant_oid,
          attempts: r.attempts,
          lastError: r.last_error ?? '',
          firstAt: r.first_at,
        })),
      ]);
    return {
      paymentsWithoutInvoice,
      invoiceMismatches,
      activeWithoutPaymentMethod,
      laggingTrials,
      stuckDunning,
      companiesWithoutAdmin,
      trialsWithoutEnd,
      unknownOutcomes,
      lateSettlements,
      failingForwards,
    };
  }
}
