import { ChargeNotSentError, type ChargeOutcome, type ChargeRequest, type ChargeStatus, type PaymentGateway } from '@lifecycle/payments';
import { notBefore, type Clock } from '@lifecycle/time';
import type { AttemptSettler, OutcomeTime, SettledAttempt } from './attempt-settler';
import type { BillingSettings } from './billing.settings';
import type { DetectFailedPaymentsUseCase, DetectionSummary } from './detect-failed-payments.use-case';
import type { DunningMetrics } from './dunning-metrics';
import type { DunningSettings } from './dunning.settings';
import type { AttemptContext, AttemptTx, RetryStore } from './dunning.store';
import { isCurrency } from './price-list';
import type { ReactivationSummary, ReactivationUseCase } from './reactivation.use-case';
import type { SweepLogger, SweepTick } from './sweep.types';

export interface PaymentRetrySummary {
  tickId: string;
  now: string;
  /** Pending attempts whose outcome this run settled (status inquiry, or a charge that never reached the provider). */
  reconciled: number;
  detection: DetectionSummary;
  reactivation: ReactivationSummary;
  /** Chains closed without a retry: paid meanwhile by the platform (resolved), or the subscription left billing (closed). */
  settled: { resolved: number; closed: number };
  claimed: number;
  succeeded: number;
  failed: number;
  suspended: number;
  /** Charges whose outcome is not known yet. */
  pending: number;
  /** Of those, charges past PAYMENT_OUTCOME_TIMEOUT: their chain is `unknown` and charges nothing until they are known. */
  unknown: number;
  /** Charges that never reached the provider: due again at the next tick. */
  notSent: number;
  durationSeconds: number;
}

type Counts = Pick<PaymentRetrySummary, 'reconciled' | 'succeeded' | 'failed' | 'suspended' | 'pending' | 'unknown' | 'notSent'>;

/**
 * `clock.tick.payment-retry` (now = the tick's scheduledAt): settle charges a crash left unknown, detect
 * new failures, announce platform reactivations, then claim the retries due and charge them, one
 * transaction per attempt holding its row lock while the gateway answers (docs/dunning.md, "The retry sweep").
 */
export class PaymentRetryUseCase {
  constructor(
    private readonly store: RetryStore,
    private readonly gateway: PaymentGateway,
    private readonly settler: AttemptSettler,
    private readonly detection: DetectFailedPaymentsUseCase,
    private readonly reactivation: ReactivationUseCase,
    private readonly settings: BillingSettings,
    private readonly dunning: DunningSettings,
    private readonly clock: Clock,
    private readonly metrics: DunningMetrics,
    private readonly logger: SweepLogger,
  ) {}

  async execute(tick: SweepTick): Promise<PaymentRetrySummary> {
    const started = performance.now();
    const time: OutcomeTime = { now: tick.now, occurredAt: tick.now, correlationId: tick.tickId };
    const counts: Counts = { reconciled: 0, succeeded: 0, failed: 0, suspended: 0, pending: 0, unknown: 0, notSent: 0 };
    if (this.gateway.charges) await this.reconcile(time, counts);
    const detection = await this.detection.execute({ now: tick.now });
    const reactivation = await this.reactivation.execute(tick);
    let settled = { resolved: 0, closed: 0 };
    let claimed = 0;
    if (this.gateway.charges) {
      settled = await this.store.settleStaleChains({ now: tick.now, at: this.at(tick.now) });
      for (let afterId = 0; ; ) {
        const batch = await this.store.claimDue({
          now: tick.now,
          afterId,
          limit: this.settings.batchSize,
          at: this.at(tick.now),
          testMode: this.gateway.testMode,
        });
        if (batch.lastId === null) break;
        afterId = batch.lastId;
        claimed += batch.claimed.length;
        for (const c of batch.claimed) {
          const result = await this.store.withAttempt({ attemptId: c.attemptId }, 'skip', (tx, attempt) =>
            attempt.status === 'pending' ? this.charge(tx, attempt, time) : Promise.resolve(null),
          );
          this.count(result, counts);
        }
      }
    }
    return {
      tickId: tick.tickId,
      now: tick.now.toISOString(),
      ...counts,
      detection,
      reactivation,
      settled,
      claimed,
      durationSeconds: (performance.now() - started) / 1000,
    };
  }

  /**
   * The status inquiries that fall due between payment-retry ticks (run with detection every DUNNING_DETECT_INTERVAL,
   * by the Clock): a known outcome is recorded; nothing is charged and nothing times out here.
   */
  async inquire(): Promise<Pick<PaymentRetrySummary, 'reconciled' | 'succeeded' | 'failed' | 'pending'>> {
    const counts: Counts = { reconciled: 0, succeeded: 0, failed: 0, suspended: 0, pending: 0, unknown: 0, notSent: 0 };
    if (!this.gateway.charges) return counts;
    const now = this.clock.now();
    await this.reconcile({ now, occurredAt: now, correlationId: `status-inquiry:${now.toISOString()}` }, counts, true);
    return counts;
  }

  /**
   * Pending attempts no transaction holds: their process died mid-charge, or their outcome arrives late. Each is
   * asked about on the PAYMENT_STATUS_BACKOFF schedule; one still unknown PAYMENT_OUTCOME_TIMEOUT after it was
   * made (by the tick's time) becomes `unknown`, never `failed`: two charges are worse than a late one (issue 18).
   */
  private async reconcile(time: OutcomeTime, counts: Counts, between = false): Promise<void> {
    // Between ticks only the inquiries that are due are asked: the timeout and a charge are decided at ticks, by their time.
    const timedOutBefore = between ? new Date(0) : new Date(time.now.getTime() - this.dunning.outcomeTimeoutMs);
    for (let afterId = 0; ; ) {
      const ids = await this.store.pendingAttempts({ afterId, limit: this.settings.batchSize, now: time.now, timedOutBefore });
      if (ids.length === 0) return;
      afterId = ids[ids.length - 1];
      for (const id of ids) {
        const result = await this.store.withAttempt({ attemptId: id }, 'skip', async (tx, attempt) => {
          if (attempt.status !== 'pending') return null;
          const known = await this.status(attempt);
          if (known.status === 'not_found' && between) return null;
          if (known.status === 'not_found') {
            // The process died before the charge reached the provider, so it is made now, once.
            const charged = await this.charge(tx, attempt, time);
            if (charged !== 'not_sent' && charged.kind !== 'pending') counts.reconciled += 1;
            return charged;
          }
          await this.inquired(tx, attempt, known.status === 'pending' ? known.detail : known.status, time, true);
          if (known.status !== 'pending') {
            counts.reconciled += 1;
            return this.settler.settle(tx, attempt, known, time);
          }
          return !between && attempt.chargedAt !== null && attempt.chargedAt <= timedOutBefore ? this.unknown(tx, attempt, time) : { kind: 'pending' as const };
        });
        this.count(result, counts);
      }
    }
  }

  /** Schedules the next status inquiry: PAYMENT_STATUS_BACKOFF's n-th delay after the n-th (the last repeats). */
  private async inquired(tx: AttemptTx, attempt: AttemptContext, answer: string, time: OutcomeTime, asked: boolean): Promise<void> {
    const backoff = this.dunning.statusBackoffMs;
    const nextAt = new Date(time.now.getTime() + backoff[Math.min(attempt.inquiries + (asked ? 1 : 0), backoff.length - 1)]);
    // chargedAt is kept from the first record: the charge's tick, or, for an attempt a crash left, its row's created_at.
    const chargedAt = asked ? (attempt.chargedAt ?? time.now) : time.now;
    await tx.recordInquiry(attempt.attemptId, { asked, chargedAt, nextAt, answer, at: this.at(time.now) });
  }

  private async unknown(tx: AttemptTx, attempt: AttemptContext, time: OutcomeTime): Promise<SettledAttempt> {
    if (await tx.markUnknown(attempt, this.at(time.now))) {
      this.metrics.retried('unknown');
      const hours = Math.round(this.dunning.outcomeTimeoutMs / 360_000) / 10;
      this.logger.error?.(
        `charge ${attempt.merchantOid} (retry ${attempt.retry} of payment ${attempt.headId}) has had no outcome for ${hours} h: its outcome is unknown, ` +
          'no further charge of the subscription until PayTR answers (status inquiries go on); check the payment in the PayTR panel',
      );
    }
    return { kind: 'unknown' };
  }

  /** The charge itself; never for an attempt the provider may have charged already (docs/dunning.md, "Never charged twice"). */
  private async charge(tx: AttemptTx, attempt: AttemptContext, time: OutcomeTime): Promise<SettledAttempt | 'not_sent'> {
    const request = this.request(attempt);
    if (!request) {
      this.logger.warn(`retry ${attempt.retry} of payment ${attempt.headId} not charged: its subscription, company or admin is missing; due again`);
      await tx.undoClaim(attempt, time.now, this.at(time.now));
      this.metrics.retried('not_sent');
      return 'not_sent';
    }
    let outcome: ChargeOutcome;
    try {
      outcome = await this.gateway.charge(request);
    } catch (error) {
      if (error instanceof ChargeNotSentError) {
        this.logger.error?.(`${error.message}; due again at the next tick`);
        await tx.undoClaim(attempt, time.now, this.at(time.now));
        this.metrics.retried('not_sent');
        return 'not_sent';
      }
      this.logger.error?.(`charge ${attempt.merchantOid} failed unexpectedly, its outcome is reconciled later: ${(error as Error).message}`);
      outcome = { status: 'pending', detail: (error as Error).message };
    }
    if (outcome.status === 'pending') {
      this.metrics.retried('pending');
      this.logger.warn(`charge ${attempt.merchantOid} has no outcome yet (${outcome.detail}); reconciled by a later sweep or PayTR's notification`);
      await this.inquired(tx, attempt, outcome.detail, time, false);
    }
    return this.settler.settle(tx, attempt, outcome, time);
  }

  private async status(attempt: AttemptContext): Promise<ChargeStatus> {
    try {
      return await this.gateway.status(attempt.merchantOid);
    } catch (error) {
      return { status: 'pending', detail: `status inquiry failed: ${(error as Error).message}` };
    }
  }

  private request(a: AttemptContext): ChargeRequest | null {
    if (!a.subscription || !a.company || !a.admin || !isCurrency(a.currency)) return null;
    return {
      merchantOid: a.merchantOid,
      amount: a.amount,
      currency: a.currency,
      companyId: a.company.id,
      subscriptionId: a.subscription.id,
      attempt: a.retry + 1,
      customer: { email: a.admin.email, name: a.admin.fullName, companyName: a.company.name },
      userToken: a.subscription.userToken,
      description: `${a.subscription.plan} plan`,
    };
  }

  /** The Clock's time for rows this sweep records, never before the tick (simulated time can trail it). */
  private at(tickNow: Date): Date {
    return notBefore(this.clock.now(), tickNow);
  }

  private count(result: SettledAttempt | 'not_sent' | null, counts: Counts): void {
    if (result === null) return;
    if (result === 'not_sent') counts.notSent += 1;
    else if (result.kind === 'pending') counts.pending += 1;
    else if (result.kind === 'unknown') counts.unknown += 1;
    else if (result.kind === 'succeeded') counts.succeeded += 1;
    else {
      counts.failed += 1;
      if (result.suspended) counts.suspended += 1;
    }
  }
}
