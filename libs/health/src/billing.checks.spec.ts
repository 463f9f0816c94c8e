import { billingChecks } from './billing.checks';
import type { BillingFacts } from './health-facts';

const NOW = new Date('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;
const settings = { maxPaymentRetries: 3, expiryIntervalMs: 2 * HOUR, cardStorage: true };
const none = { rows: [], total: 0 };
const healthy: BillingFacts = {
  paymentsWithoutInvoice: none,
  invoiceMismatches: none,
  activeWithoutPaymentMethod: none,
  laggingTrials: none,
  stuckDunning: none,
  companiesWithoutAdmin: none,
  trialsWithoutEnd: none,
  unknownOutcomes: none,
  lateSettlements: none,
  failingForwards: none,
};
const sub = { subscriptionId: 42, companyId: 3, companyName: 'Acme', status: 'active' };
const one = <T>(row: T) => ({ rows: [row], total: 1 });
const found = (facts: Partial<BillingFacts>) => billingChecks({ ...healthy, ...facts }, NOW, settings).issues;

describe('billingChecks', () => {
  it('finds nothing in a consistent state', () => {
    expect(billingChecks(healthy, NOW, settings).issues).toEqual([]);
  });

  it('billing.payment_without_invoice', () => {
    const [issue] = found({
      paymentsWithoutInvoice: one({ paymentId: 9, companyId: 3, subscriptionId: 42, amount: 2900, currency: 'USD', paidAt: new Date('2026-11-30T10:00:00Z') }),
    });
    expect(issue).toEqual({
      code: 'billing.payment_without_invoice',
      severity: 'critical',
      resource: 'payment:9',
      message: 'payment 9 of company 3 (29.00 USD) succeeded at 2026-11-30T10:00:00Z but has no invoice',
    });
  });

  it('billing.invoice_amount_mismatch: amount or currency differs, equal ones pass', () => {
    const invoice = { invoiceId: 5, invoiceNumber: 'INV-2026-00005', companyId: 3, paymentId: 9, invoiceCurrency: 'USD', paymentCurrency: 'USD' };
    expect(found({ invoiceMismatches: one({ ...invoice, totalAmount: 3000, paymentAmount: 2900 }) })[0]).toMatchObject({
      resource: 'invoice:5',
      message: 'paid invoice INV-2026-00005 of company 3 totals 30.00 USD but its payment 9 was 29.00 USD',
    });
    expect(found({ invoiceMismatches: one({ ...invoice, totalAmount: 2900, paymentAmount: 2900, paymentCurrency: 'EUR' }) })).toHaveLength(1);
    expect(found({ invoiceMismatches: one({ ...invoice, totalAmount: 2900, paymentAmount: 2900 }) })).toEqual([]);
  });

  it('billing.no_payment_method: an issue only when card storage is declared on; counted either way', () => {
    expect(found({ activeWithoutPaymentMethod: one(sub) })).toEqual([
      expect.objectContaining({ code: 'billing.no_payment_method', severity: 'warning', resource: 'subscription:42' }),
    ]);
    const without = billingChecks({ ...healthy, activeWithoutPaymentMethod: one(sub) }, NOW, { ...settings, cardStorage: false });
    expect(without.issues).toEqual([]);
    expect(without.counts['billing.no_payment_method']).toBe(1);
  });

  it('billing.expiry_lagging: a trial ended more than two expiry intervals ago', () => {
    const trial = { ...sub, status: 'trial' };
    expect(found({ laggingTrials: one({ ...trial, trialEndsAt: new Date(NOW.getTime() - 4 * HOUR - 1) }) })).toEqual([
      expect.objectContaining({ code: 'billing.expiry_lagging', resource: 'subscription:42', message: expect.stringContaining('(4h ago)') }),
    ]);
    expect(found({ laggingTrials: one({ ...trial, trialEndsAt: new Date(NOW.getTime() - 4 * HOUR) }) })).toEqual([]);
  });

  it('billing.dunning_stuck: retries exhausted and not suspended', () => {
    const dunning = { ...sub, status: 'past_due', paymentId: 77, failedAt: new Date('2026-11-30T18:00:00Z') };
    expect(found({ stuckDunning: one({ ...dunning, retries: 3 }) })).toEqual([
      expect.objectContaining({
        code: 'billing.dunning_stuck',
        resource: 'subscription:42',
        message: expect.stringContaining('after 3 retries (of 3), yet subscription 42 is still past_due'),
      }),
    ]);
    expect(found({ stuckDunning: one({ ...dunning, retries: 2 }) })).toEqual([]);
    expect(found({ stuckDunning: one({ ...dunning, retries: 3, status: 'suspended' }) })).toEqual([]);
  });

  it('billing.company_without_admin and billing.trial_without_end', () => {
    expect(found({ companiesWithoutAdmin: one(sub), trialsWithoutEnd: one({ ...sub, status: 'trial' }) }).map((i) => `${i.code} ${i.resource}`)).toEqual([
      'billing.company_without_admin company:3',
      'billing.trial_without_end subscription:42',
    ]);
  });

  it('billing.payment_outcome_unknown, billing.late_settlement, billing.paytr_forward_failing', () => {
    const since = new Date('2026-11-30T06:00:00Z');
    expect(found({ unknownOutcomes: one({ ...sub, status: 'past_due', paymentId: 77, merchantOid: 'LCR70A2', since }) })[0]).toEqual({
      code: 'billing.payment_outcome_unknown',
      severity: 'critical',
      resource: 'payment:77',
      message: 'retry LCR70A2 of \"Acme\" (company 3) has had no outcome from PayTR since 2026-11-30T06:00:00Z: subscription 42 is not charged again until it is known',
    });
    expect(found({ lateSettlements: one({ paymentId: 77, companyId: 3, companyName: 'Acme', merchantOid: 'LCR70A2', settledAt: since }) })[0]).toMatchObject({
      code: 'billing.late_settlement',
      severity: 'warning',
      resource: 'payment:77',
    });
    expect(found({ failingForwards: one({ merchantOid: 'PLAT9', attempts: 3, lastError: 'http://p/billing/callback answered 404 "Payment not found"', firstAt: since }) })[0]).toEqual({
      code: 'billing.paytr_forward_failing',
      severity: 'critical',
      resource: 'paytr-order:PLAT9',
      message: 'PayTR notification for PLAT9 has not reached the platform since 2026-11-30T06:00:00Z (3 tries): http://p/billing/callback answered 404 "Payment not found"',
    });
  });
});
