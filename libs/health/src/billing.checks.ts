import type { HealthSettings } from './health.settings';
import type { BillingFacts } from './health-facts';
import { companyLabel, formatDuration, formatMoney, iso, withArticle } from './health-format';
import { healthIssue, type CheckResult } from './health-issue.factory';

/** Statuses in which a subscription has left dunning for good. */
const OUT_OF_DUNNING = new Set(['suspended', 'cancelled', 'expired']);

/** billing-health: the money facts agree with each other (docs/health.md). */
export function billingChecks(
  facts: BillingFacts,
  now: Date,
  settings: Pick<HealthSettings, 'maxPaymentRetries' | 'expiryIntervalMs' | 'cardStorage'>,
): CheckResult {
  const withoutInvoice = facts.paymentsWithoutInvoice.rows.map((p) =>
    healthIssue(
      'billing.payment_without_invoice',
      `payment:${p.paymentId}`,
      `payment ${p.paymentId} of company ${p.companyId} (${formatMoney(p.amount, p.currency)}) succeeded at ${iso(p.paidAt)} but has no invoice`,
    ),
  );
  const mismatches = facts.invoiceMismatches.rows
    .filter((i) => i.totalAmount !== i.paymentAmount || i.invoiceCurrency !== i.paymentCurrency)
    .map((i) =>
      healthIssue(
        'billing.invoice_amount_mismatch',
        `invoice:${i.invoiceId}`,
        `paid invoice ${i.invoiceNumber} of company ${i.companyId} totals ${formatMoney(i.totalAmount, i.invoiceCurrency)} ` +
          `but its payment ${i.paymentId} was ${formatMoney(i.paymentAmount, i.paymentCurrency)}`,
      ),
    );
  // Without declared card storage, a subscription without a card is the normal case (dunning asks it to pay in
  // the app): counted, not raised.
  const noCard = (settings.cardStorage ? facts.activeWithoutPaymentMethod.rows : []).map((s) =>
    healthIssue(
      'billing.no_payment_method',
      `subscription:${s.subscriptionId}`,
      `active subscription ${s.subscriptionId} of ${companyLabel(s.companyId, s.companyName)} renews without a stored card ` +
        '(paytr_subscription_id is null)',
    ),
  );
  const lagLimit = now.getTime() - 2 * settings.expiryIntervalMs;
  const lagging = facts.laggingTrials.rows
    .filter((t) => t.trialEndsAt.getTime() < lagLimit)
    .map((t) =>
      healthIssue(
        'billing.expiry_lagging',
        `subscription:${t.subscriptionId}`,
        `trial ${t.subscriptionId} of ${companyLabel(t.companyId, t.companyName)} ended at ${iso(t.trialEndsAt)} ` +
          `(${formatDuration(now.getTime() - t.trialEndsAt.getTime())} ago) and is still a trial`,
      ),
    );
  const dunning = facts.stuckDunning.rows
    .filter((d) => d.retries >= settings.maxPaymentRetries && !OUT_OF_DUNNING.has(d.status))
    .map((d) =>
      healthIssue(
        'billing.dunning_stuck',
        `subscription:${d.subscriptionId}`,
        `payment ${d.paymentId} of ${companyLabel(d.companyId, d.companyName)} failed at ${iso(d.failedAt)} after ${d.retries} ` +
          `retries (of ${settings.maxPaymentRetries}), yet subscription ${d.subscriptionId} is still ${d.status}`,
      ),
    );
  const noAdmin = facts.companiesWithoutAdmin.rows.map((s) =>
    healthIssue(
      'billing.company_without_admin',
      `company:${s.companyId}`,
      `${companyLabel(s.companyId, s.companyName)} has ${withArticle(s.status)} subscription but no active admin to receive its billing mail`,
    ),
  );
  const noEnd = facts.trialsWithoutEnd.rows.map((s) =>
    healthIssue(
      'billing.trial_without_end',
      `subscription:${s.subscriptionId}`,
      `trial ${s.subscriptionId} of ${companyLabel(s.companyId, s.companyName)} has no trial end: it never gets reminders or expires`,
    ),
  );
  const unknown = facts.unknownOutcomes.rows.map((u) =>
    healthIssue(
      'billing.payment_outcome_unknown',
      `payment:${u.paymentId}`,
      `retry ${u.merchantOid} of ${companyLabel(u.companyId, u.companyName)} has had no outcome from PayTR since ${iso(u.since)}: ` +
        `subscription ${u.subscriptionId} is not charged again until it is known`,
    ),
  );
  const late = facts.lateSettlements.rows.map((l) =>
    healthIssue(
      'billing.late_settlement',
      `payment:${l.paymentId}`,
      `retry ${l.merchantOid} of ${companyLabel(l.companyId, l.companyName)} was paid after billing had given up on it; ` +
        `reconciled at ${iso(l.settledAt)} (invoice issued, period extended, reactivated if it was suspended)`,
    ),
  );
  const forwards = facts.failingForwards.rows.map((f) =>
    healthIssue(
      'billing.paytr_forward_failing',
      `paytr-order:${f.merchantOid}`,
      `PayTR notification for ${f.merchantOid} has not reached the platform since ${iso(f.firstAt)} (${f.attempts} tries): ${f.lastError}`,
    ),
  );
  return {
    issues: [...withoutInvoice, ...mismatches, ...noCard, ...lagging, ...dunning, ...noAdmin, ...noEnd, ...unknown, ...late, ...forwards],
    counts: {
      'billing.payment_without_invoice': facts.paymentsWithoutInvoice.total,
      'billing.invoice_amount_mismatch': facts.invoiceMismatches.total,
      'billing.no_payment_method': facts.activeWithoutPaymentMethod.total,
      'billing.expiry_lagging': facts.laggingTrials.total,
      'billing.dunning_stuck': facts.stuckDunning.total,
      'billing.company_without_admin': facts.companiesWithoutAdmin.total,
      'billing.trial_without_end': facts.trialsWithoutEnd.total,
      'billing.payment_outcome_unknown': facts.unknownOutcomes.total,
      'billing.late_settlement': facts.lateSettlements.total,
      'billing.paytr_forward_failing': facts.failingForwards.total,
    },
  };
}
