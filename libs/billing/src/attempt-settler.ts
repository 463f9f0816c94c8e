import { InvalidEventError, isoId } from '@lifecycle/contracts';
import { NO_STORED_CARD, type ChargeOutcome } from '@lifecycle/payments';
import { notBefore, type Clock } from '@lifecycle/time';
import type { OutboxInsert } from './billing-outbox.repository';
import { addInterval } from './billing-interval';
import type { BillingSettings } from './billing.settings';
import type { DunningEvents, EventMeta, SubscriptionFact } from './dunning-events';
import type { DunningMetrics } from './dunning-metrics';
import { afterFailedRetry, type AfterFailure } from './dunning-outcome.rule';
import type { DunningSettings } from './dunning.settings';
import type { AttemptContext, AttemptTx } from './dunning.store';
import type { SweepLogger } from './sweep.types';
import type { AuditEntry } from './trial-expiry.store';

export const SUBSCRIPTION_SUSPENDED_ACTION = 'subscription_suspended';
export const SUBSCRIPTION_REACTIVATED_ACTION = 'subscription_reactivated';
/** The audit row of a success that arrived after the attempt was recorded as failed, or became unknown (health's billing.late_settlement). */
export const PAYMENT_LATE_SETTLEMENT_ACTION = 'payment_late_settlement';

export type SettledAttempt =
  | { kind: 'pending' }
  | { kind: 'unknown' }
  | { kind: 'succeeded'; invoiceNumber: string; periodEnd: Date; reactivated: boolean; late: boolean }
  | { kind: 'failed'; next: AfterFailure; suspended: boolean };

/** When an outcome happened: the tick's time in a sweep, the Clock's for a notification. */
export type OutcomeTime = EventMeta & { now: Date };

/**
 * Applies a charge's outcome to the chain, in the transaction that holds the attempt's row lock
 * (ARCHITECTURE.md, "Business rules → Dunning"): a success issues the invoice, extends the period,
 * reactivates and resolves the chain; a failure schedules the next retry or, when none remains or the
 * decline is hard, suspends the subscription. `pending` changes nothing: the attempt waits for reconciliation.
 * A success for an attempt recorded as failed, or whose chain is `unknown`, is a late settlement: the same
 * writes in the same transaction, plus an audit row and the `lateSettlement` marker (docs/dunning.md).
 */
export class AttemptSettler {
  constructor(
    private readonly settings: BillingSettings,
    private readonly dunning: DunningSettings,
    private readonly events: DunningEvents,
    private readonly clock: Clock,
    private readonly metrics: DunningMetrics,
    private readonly logger: SweepLogger,
  ) {}

  async settle(tx: AttemptTx, attempt: AttemptContext, outcome: ChargeOutcome, time: OutcomeTime): Promise<SettledAttempt> {
    if (outcome.status === 'pending') return { kind: 'pending' };
    const chain = await tx.lockChain(attempt);
    const at = notBefore(this.clock.now(), time.now);
    return outcome.status === 'succeeded' ? this.succeed(tx, chain, outcome.transactionId, time, at) : this.fail(tx, chain, outcome, time, at);
  }

  private async succeed(tx: AttemptTx, a: AttemptContext, transactionId: string | null, time: OutcomeTime, at: Date): Promise<SettledAttempt> {
    const late = a.status === 'failed' || a.headState === 'unknown';
    await tx.settleAttempt(a.attemptId, { status: 'success', transactionId, at });
    const sub = a.subscription;
    const plan = sub?.plan ?? 'subscription';
    const end0 = sub?.currentPeriodEnd;
    const start = end0 && end0.getTime() > time.now.getTime() ? end0 : time.now;
    const end = addInterval(start, (sub && this.settings.intervals[sub.plan]) || 'monthly');
    let reactivated = false;
    if (sub) {
      const changed = await tx.updateSubscription(sub.id, { status: 'active', from: ['active', 'past_due', 'suspended'], period: { start, end }, at });
      reactivated = changed && sub.status === 'suspended';
      if (!changed) this.logger.warn(`payment ${a.attemptId} succeeded but subscription ${sub.id} is ${sub.status}: invoice issued, subscription left as it is`);
    }
    await tx.updateHead(a.headId, { state: 'resolved', retryCount: a.retry, nextRetryAt: null, at });
    // The invoice counter's row lock is held until commit, so it is taken as late as the event payload allows.
    const invoice = await tx.issueInvoice({
      companyId: a.companyId,
      paymentId: a.attemptId,
      amount: a.amount,
      currency: a.currency,
      periodStart: start,
      periodEnd: end,
      issuedAt: time.now,
      at,
      description: `${plan} plan, ${isoId(start)} to ${isoId(end)}`,
      notes: `dunning retry ${a.retry} of payment ${a.headId} (${a.merchantOid})`,
    });
    this.metrics.invoiceIssued();
    this.metrics.retried(late ? 'late_settlement' : 'succeeded');
    const fact = this.fact(a);
    const events: OutboxInsert[] = [];
    const audit: AuditEntry[] = [];
    if (fact) {
      this.build(a, () =>
        events.push(
          this.events.paymentSucceeded(
            fact,
            { paymentId: a.attemptId, invoiceId: invoice.id, invoiceNumber: invoice.number, amount: a.amount, currency: a.currency, periodEndsAt: end, late },
            time,
          ),
        ),
      );
      if (reactivated) {
        const cause = { paymentId: a.attemptId };
        this.build(a, () => events.push(this.events.statusChange('subscription.reactivated', fact, { reason: 'payment_succeeded', paymentId: a.attemptId, cause, currency: a.currency }, time)));
      }
    }
    if (reactivated) {
      audit.push(this.audit(a, SUBSCRIPTION_REACTIVATED_ACTION, at, { reason: 'payment_succeeded', from: 'suspended', to: 'active', event: events.find((e) => e.envelope.type === 'subscription.reactivated') }));
      this.metrics.reactivated('payment', 1);
    }
    if (late) {
      const succeeded = events.find((e) => e.envelope.type === 'payment.succeeded');
      audit.push({
        timestamp: at,
        companyId: a.company?.id ?? a.companyId,
        actionType: PAYMENT_LATE_SETTLEMENT_ACTION,
        resourceType: 'payment',
        resourceId: a.attemptId,
        details: { eventId: succeeded?.envelope.id ?? null, paymentId: a.attemptId, merchantOid: a.merchantOid, was: a.status === 'failed' ? 'failed' : 'unknown', invoiceNumber: invoice.number, reactivated },
      });
    }
    await this.write(tx, audit, events);
    const message = `retry ${a.retry} of payment ${a.headId} (${a.merchantOid}) succeeded: invoice ${invoice.number}, paid until ${end.toISOString()}${reactivated ? ', reactivated' : ''}`;
    if (late) this.logger.warn(`late settlement: ${message} (it had been recorded as ${a.status === 'failed' ? 'failed' : 'unknown'})`);
    else this.logger.log(message);
    return { kind: 'succeeded', invoiceNumber: invoice.number, periodEnd: end, reactivated, late };
  }

  private async fail(tx: AttemptTx, a: AttemptContext, outcome: { code: string; message: string }, time: OutcomeTime, at: Date): Promise<SettledAttempt> {
    await tx.settleAttempt(a.attemptId, { status: 'failed', code: outcome.code, message: outcome.message, at });
    const next = afterFailedRetry({ retry: a.retry, code: outcome.code, now: time.now }, this.dunning.schedule, this.dunning.hardDeclines);
    const stopped = next.kind === 'stop';
    await tx.updateHead(a.headId, { state: stopped ? next.state : 'active', retryCount: a.retry, nextRetryAt: stopped ? null : next.nextRetryAt, at });
    // Without a stored card nothing was charged: the step is a payment request, on the same schedule (docs/dunning.md).
    const payInApp = outcome.code === NO_STORED_CARD;
    this.metrics.retried(payInApp ? 'payment_requested' : stopped && next.state === 'hard_declined' ? 'hard_declined' : 'failed');
    let suspended = false;
    if (stopped && a.subscription) {
      suspended = await tx.updateSubscription(a.subscription.id, { status: 'suspended', from: ['active', 'past_due'], at });
      if (suspended) this.metrics.suspended(next.state);
    }
    const fact = this.fact(a);
    const events: OutboxInsert[] = [];
    if (fact) {
      const nextRetryAt = stopped ? null : next.nextRetryAt;
      this.build(a, () =>
        events.push(
          this.events.paymentFailed(
            fact,
            {
              paymentId: a.attemptId,
              attempt: a.retry + 1,
              maxAttempts: this.dunning.schedule.maxAttempts,
              nextRetryAt,
              reason: outcome.message,
              amount: a.amount,
              currency: a.currency,
              payInApp,
            },
            time,
          ),
        ),
      );
      if (suspended) {
        const reason = next.kind === 'stop' && next.state === 'hard_declined' ? 'payment_hard_declined' : 'payment_retries_exhausted';
        this.build(a, () =>
          events.push(this.events.statusChange('subscription.suspended', fact, { reason, paymentId: a.attemptId, cause: { paymentId: a.attemptId }, currency: a.currency }, time)),
        );
      }
    }
    const audit = suspended
      ? [this.audit(a, SUBSCRIPTION_SUSPENDED_ACTION, at, { reason: next.kind === 'stop' ? next.state : 'exhausted', from: a.subscription!.status, to: 'suspended', event: events.find((e) => e.envelope.type === 'subscription.suspended') })]
      : [];
    await this.write(tx, audit, events);
    const what = stopped ? (suspended ? `${next.state}, subscription suspended` : next.state) : `next retry at ${next.nextRetryAt.toISOString()}`;
    this.logger.log(`retry ${a.retry} of payment ${a.headId} (${a.merchantOid}) failed (${outcome.code}: ${outcome.message}): ${what}`);
    return { kind: 'failed', next, suspended };
  }

  private fact(a: AttemptContext): SubscriptionFact | null {
    if (!a.subscription || !a.company || !a.admin) {
      this.logger.warn(`payment ${a.attemptId}: recorded without events, its subscription, company or admin is missing`);
      return null;
    }
    return { subscriptionId: a.subscription.id, companyId: a.company.id, companyName: a.company.name, plan: a.subscription.plan, admin: a.admin };
  }

  private build(a: AttemptContext, add: () => void): void {
    try {
      add();
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      this.logger.warn(`payment ${a.attemptId}: recorded without its event, which does not pass the contract: ${error.message}`);
    }
  }

  private audit(a: AttemptContext, actionType: string, at: Date, d: { reason: string; from: string; to: string; event?: OutboxInsert }): AuditEntry {
    return {
      timestamp: at,
      companyId: a.company?.id ?? a.companyId,
      actionType,
      resourceType: 'subscription',
      resourceId: a.subscription!.id,
      details: { eventId: d.event?.envelope.id ?? null, paymentId: a.attemptId, reason: d.reason, from: d.from, to: d.to },
    };
  }

  private async write(tx: AttemptTx, audit: AuditEntry[], events: OutboxInsert[]): Promise<void> {
    await tx.audit(audit);
    const inserted = await tx.append(events);
    for (const e of events) if (inserted.has(e.envelope.id)) this.metrics.emitted(e.envelope.type, 1);
  }
}
