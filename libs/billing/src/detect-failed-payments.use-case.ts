import { InvalidEventError, paymentFailedId } from '@lifecycle/contracts';
import { notBefore, type Clock } from '@lifecycle/time';
import type { BillingSettings } from './billing.settings';
import type { DunningEvents } from './dunning-events';
import type { DunningMetrics } from './dunning-metrics';
import type { DunningSettings } from './dunning.settings';
import type { DetectionStore, FailureCandidate, PlannedDetection, PlannedEntry } from './dunning.store';
import { classifyFailure, failureReason } from './failure-classification.rule';
import type { SweepLogger } from './sweep.types';
import { WarningBudget } from './warning-budget';

export const SUBSCRIPTION_PAST_DUE_ACTION = 'subscription_past_due';

export interface DetectionSummary {
  /** false when another process was detecting at that moment (it does the work). */
  ran: boolean;
  scanned: number;
  entered: number;
  ignored: number;
  skipped: number;
  emitted: number;
}

/**
 * A failed payment (from the platform) enters dunning: `retry_count` 0, `next_retry_at` = failure time +
 * the first delay, the subscription `past_due`, and `payment.failed` (attempt 1) so that the customer hears
 * on the first failure. Set-based, one transaction per batch; the times come from the failure, never from
 * when detection runs (docs/dunning.md, "Detection").
 */
export class DetectFailedPaymentsUseCase {
  constructor(
    private readonly store: DetectionStore,
    private readonly settings: BillingSettings,
    private readonly dunning: DunningSettings,
    /** false with PAYMENT_GATEWAY=none: announced, never retried. */
    private readonly retries: boolean,
    private readonly events: DunningEvents,
    private readonly clock: Clock,
    private readonly metrics: DunningMetrics,
    private readonly logger: SweepLogger,
  ) {}

  /**
   * `now` is the time detection judges by (the lookback): a payment-retry tick passes its scheduledAt, so that
   * replaying a missed tick (`lifecyclectl tick payment-retry --at`) decides as the original tick would have;
   * the poll between ticks judges by the Clock. `logger` replaces the use case's own for this run (the
   * between-ticks poll logs rows that wait at debug level).
   */
  async execute(options: { logger?: SweepLogger; now?: Date } = {}): Promise<DetectionSummary> {
    const logger = options.logger ?? this.logger;
    const totals: DetectionSummary = { ran: true, scanned: 0, entered: 0, ignored: 0, skipped: 0, emitted: 0 };
    const warnings = new WarningBudget('dunning detection', logger, this.settings.skipWarningLimit);
    for (let afterId = 0; ; ) {
      const now = options.now ?? this.clock.now();
      // Rows record when they were written (the Clock), never earlier than the time judged by.
      const at = notBefore(this.clock.now(), now);
      const batch = await this.store.detectBatch({ afterId, limit: this.settings.batchSize, at }, (candidates) => {
        const planned = this.plan(candidates, now, at, warnings);
        totals.skipped += candidates.length - planned.enter.length - planned.ignore.length;
        return planned;
      });
      if (!batch.ran) return { ...totals, ran: false };
      if (batch.lastId === null) break;
      afterId = batch.lastId;
      totals.scanned += batch.scanned;
      totals.entered += batch.entered.length;
      totals.ignored += batch.ignored;
      totals.emitted += batch.inserted.size;
      this.count(batch.entered, batch.ignored, batch.inserted, logger);
    }
    warnings.finish();
    return totals;
  }

  private plan(candidates: FailureCandidate[], now: Date, at: Date, warnings: WarningBudget): PlannedDetection {
    const planned: PlannedDetection = { enter: [], ignore: [] };
    for (const c of candidates) {
      const verdict = classifyFailure(c, now, this.dunning.lookbackMs);
      if (verdict.verdict === 'ignore') {
        planned.ignore.push({ paymentId: c.paymentId, reason: verdict.reason });
      } else if (verdict.verdict === 'skip') {
        warnings.warn(`failed payment ${c.paymentId} (subscription ${c.subscriptionId}) waits: ${verdict.reason === 'no_admin' ? 'the company has no active admin' : 'its company row is missing'}`);
      } else {
        try {
          planned.enter.push(this.entry(c, verdict.failedAt, at));
        } catch (error) {
          if (!(error instanceof InvalidEventError)) throw error;
          warnings.warn(`failed payment ${c.paymentId} never enters dunning, its event does not pass the contract: ${error.message}`);
          planned.ignore.push({ paymentId: c.paymentId, reason: 'invalid_event' });
        }
      }
    }
    return planned;
  }

  private entry(c: FailureCandidate, failedAt: Date, at: Date): PlannedEntry {
    const schedule = this.dunning.schedule;
    const nextRetryAt = this.retries ? schedule.nextRetryAt(1, failedAt) : null;
    const fact = { subscriptionId: c.subscriptionId!, companyId: c.companyId!, companyName: c.companyName!, plan: c.plan!, admin: c.admin! };
    const meta = { occurredAt: failedAt, correlationId: paymentFailedId(c.paymentId) };
    const failed = this.events.paymentFailed(
      fact,
      {
        paymentId: c.paymentId,
        attempt: 1,
        maxAttempts: this.retries ? schedule.maxAttempts : 1,
        nextRetryAt,
        reason: failureReason(c.reasonCode, c.reasonMessage),
        amount: c.amount,
        currency: c.currency,
      },
      meta,
    );
    const pastDue = c.subscriptionStatus === 'active';
    const entry: PlannedEntry = {
      paymentId: c.paymentId,
      subscriptionId: fact.subscriptionId,
      state: this.retries ? 'active' : 'manual',
      nextRetryAt,
      pastDue,
      events: [failed],
      audit: [],
    };
    if (pastDue) {
      const event = this.events.statusChange(
        'subscription.past_due',
        fact,
        { reason: 'payment_failed', paymentId: c.paymentId, cause: { paymentId: c.paymentId }, currency: c.currency },
        meta,
      );
      entry.events.push(event);
      entry.audit.push({
        timestamp: at,
        companyId: fact.companyId,
        actionType: SUBSCRIPTION_PAST_DUE_ACTION,
        resourceType: 'subscription',
        resourceId: fact.subscriptionId,
        details: { eventId: event.envelope.id, paymentId: c.paymentId, from: 'active', to: 'past_due' },
      });
    }
    return entry;
  }

  private count(entered: readonly PlannedEntry[], ignored: number, inserted: ReadonlySet<string>, logger: SweepLogger): void {
    this.metrics.detected(this.retries ? 'entered' : 'manual', entered.length);
    this.metrics.detected('ignored', ignored);
    const types = new Map<string, number>();
    for (const e of entered.flatMap((p) => p.events)) {
      if (inserted.has(e.envelope.id)) types.set(e.envelope.type, (types.get(e.envelope.type) ?? 0) + 1);
    }
    for (const [type, n] of types) this.metrics.emitted(type, n);
    for (const e of entered) {
      const when = e.nextRetryAt ? `, first retry at ${e.nextRetryAt.toISOString()}` : ', no retries (PAYMENT_GATEWAY=none)';
      logger.log(`payment ${e.paymentId} of subscription ${e.subscriptionId} failed: entered dunning${when}`);
    }
  }
}
