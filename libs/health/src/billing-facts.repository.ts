import type { BillingFacts } from './health-facts';
import type { BillingFactsQuery, BillingFactsStore } from './health.ports';
import { capped, subscriptionRef, type Queryable, type SubscriptionRow, type Totalled } from './facts-rows';

const PAYMENTS_WITHOUT_INVOICE = `
  SELECT p.id AS payment_id, p.company_id, p.subscription_id, p.amount, p.currency,
         COALESCE(p.completed_at, p.created_at) AS paid_at, count(*) OVER ()::int AS total
  FROM payments p
  WHERE p.status = 'success' AND COALESCE(p.completed_at, p.created_at) < $1::timestamp
    AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = p.id)
  ORDER BY p.id LIMIT $2`;

const INVOICE_MISMATCHES = `
  SELECT i.id AS invoice_id, i.invoice_number, i.company_id, i.total_amount, i.currency AS invoice_currency,
         p.id AS payment_id, p.amount AS payment_amount, p.currency AS payment_currency, count(*) OVER ()::int AS total
  FROM invoices i
  JOIN payments p ON p.id = i.payment_id
  WHERE i.status = 'paid' AND (i.total_amount <> p.amount OR i.currency <> p.currency)
  ORDER BY i.id LIMIT $1`;

// A subscription set to cancel at the period end is not charged again, so it needs no card.
const ACTIVE_WITHOUT_PAYMENT_METHOD = `
  SELECT s.id AS subscription_id, s.company_id, c.name AS company_name, s.status, count(*) OVER ()::int AS total
  FROM subscriptions s
  LEFT JOIN companies c ON c.id = s.company_id
  WHERE s.status = 'active' AND s.paytr_subscription_id IS NULL AND NOT s.cancel_at_period_end
  ORDER BY s.id LIMIT $1`;

const LAGGING_TRIALS = `
  SELECT s.id AS subscription_id, s.company_id, c.name AS company_name, s.status, s.trial_ends_at,
         count(*) OVER ()::int AS total
  FROM subscriptions s
  LEFT JOIN companies c ON c.id = s.company_id
  WHERE s.status = 'trial' AND s.trial_ends_at < $1::timestamp
  ORDER BY s.id LIMIT $2`;

// The latest payment of each subscription; retries are counted both ways dunning may record them
// (the failed row's retry_count, or retry rows pointing at the first failure).
const STUCK_DUNNING = `
  WITH latest AS (
    SELECT DISTINCT ON (p.subscription_id) p.subscription_id, p.id AS payment_id, p.status, p.retry_count,
           COALESCE(p.retry_of_payment_id, p.id) AS first_failure_id,
           COALESCE(p.completed_at, p.updated_at, p.created_at) AS failed_at
    FROM payments p
    WHERE p.subscription_id IS NOT NULL AND p.created_at <= $1::timestamp
    ORDER BY p.subscription_id, p.created_at DESC, p.id DESC
  ), counted AS (
    SELECT l.*, GREATEST(l.retry_count,
             (SELECT count(*) FROM payments r WHERE r.retry_of_payment_id = l.first_failure_id))::int AS retries
    FROM latest l
    WHERE l.status = 'failed'
  )
  SELECT d.subscription_id, s.company_id, c.name AS company_name, s.status, d.payment_id, d.retries, d.failed_at,
         count(*) OVER ()::int AS total
  FROM counted d
  JOIN subscriptions s ON s.id = d.subscription_id
  LEFT JOIN companies c ON c.id = s.company_id
  WHERE d.retries >= $2 AND s.status NOT IN ('suspended', 'cancelled', 'expired')
  ORDER BY d.subscription_id LIMIT $3`;

const COMPANIES_WITHOUT_ADMIN = `
  SELECT s.id AS subscription_id, s.company_id, c.name AS company_name, s.status, count(*) OVER ()::int AS total
  FROM subscriptions s
  JOIN companies c ON c.id = s.company_id
  WHERE s.status IN ('trial', 'active', 'past_due')
    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active)
  ORDER BY s.company_id LIMIT $1`;

const TRIALS_WITHOUT_END = `
  SELECT s.id AS subscription_id, s.company_id, c.name AS company_name, s.status, count(*) OVER ()::int AS total
  FROM subscriptions s
  LEFT JOIN companies c ON c.id = s.company_id
  WHERE s.status = 'trial' AND s.trial_ends_at IS NULL
  ORDER BY s.id LIMIT $1`;

interface PaymentRow extends Totalled {
  payment_id: number;
  company_id: number;
  subscription_id: number | null;
  amount: number;
  currency: string;
  paid_at: Date;
}

interface MismatchRow extends Totalled {
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
    const [withoutInvoice, mismatches, noCard, lagging, dunning, noAdmin, noEnd] = await Promise.all([
      this.db.query(PAYMENTS_WITHOUT_INVOICE, [q.invoiceCutoff, q.limit]),
      this.db.query(INVOICE_MISMATCHES, [q.limit]),
      this.db.query(ACTIVE_WITHOUT_PAYMENT_METHOD, [q.limit]),
      this.db.query(LAGGING_TRIALS, [q.expiryCutoff, q.limit]),
      this.db.query(STUCK_DUNNING, [q.now, q.maxPaymentRetries, q.limit]),
      this.db.query(COMPANIES_WITHOUT_ADMIN, [q.limit]),
      this.db.query(TRIALS_WITHOUT_END, [q.limit]),
    ]);
    return {
      paymentsWithoutInvoice: capped(withoutInvoice, (r: PaymentRow) => ({
        paymentId: r.payment_id,
        companyId: r.company_id,
        subscriptionId: r.subscription_id,
        amount: r.amount,
        currency: r.currency,
        paidAt: r.paid_at,
      })),
      invoiceMismatches: capped(mismatches, (r: MismatchRow) => ({
        invoiceId: r.invoice_id,
        invoiceNumber: r.invoice_number,
        companyId: r.company_id,
        totalAmount: r.total_amount,
        invoiceCurrency: r.invoice_currency,
        paymentId: r.payment_id,
        paymentAmount: r.payment_amount,
        paymentCurrency: r.payment_currency,
      })),
      activeWithoutPaymentMethod: capped(noCard, subscriptionRef),
      laggingTrials: capped(lagging, (r: SubscriptionRow & { trial_ends_at: Date }) => ({ ...subscriptionRef(r), trialEndsAt: r.trial_ends_at })),
      stuckDunning: capped(dunning, (r: SubscriptionRow & { payment_id: number; retries: number; failed_at: Date }) => ({
        ...subscriptionRef(r),
        paymentId: r.payment_id,
        retries: r.retries,
        failedAt: r.failed_at,
      })),
      companiesWithoutAdmin: capped(noAdmin, subscriptionRef),
      trialsWithoutEnd: capped(noEnd, subscriptionRef),
    };
  }
}
