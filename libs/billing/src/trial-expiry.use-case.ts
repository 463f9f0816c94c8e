import { createEnvelope, InvalidEventError, isoId, trialExpiredId } from '@lifecycle/contracts';
import { notBefore, type Clock } from '@lifecycle/time';
import type { BillingSettings } from './billing.settings';
import { SkipLog } from './skip-log';
import { WHOLE_TABLE, type PageCursor } from './sweep-shards';
import type { SweepMetrics } from './sweep-metrics';
import type { ExpiredSubscription, SweepLogger, SweepObserver, SweepSummary, SweepTick } from './sweep.types';
import type { ExpiryCandidate, PlannedExpiry, TrialExpiryStore } from './trial-expiry.store';

export const SUBSCRIPTION_EXPIRED_ACTION = 'subscription_expired';

/**
 * `clock.tick.trial-expiry`: trials whose end (plus grace) has passed become `expired`, with an audit
 * row and a `trial.expired` event, in one transaction per batch (ARCHITECTURE.md, "Business rules").
 */
export class TrialExpiryUseCase {
  constructor(
    private readonly store: TrialExpiryStore,
    private readonly settings: BillingSettings,
    private readonly clock: Clock,
    private readonly metrics: SweepMetrics,
    private readonly logger: SweepLogger,
  ) {}

  async execute(tick: SweepTick, observer: SweepObserver = {}): Promise<SweepSummary> {
    const stopTimer = this.metrics.startTimer('trial-expiry');
    const cutoff = new Date(tick.now.getTime() - this.settings.trialExpiryGraceMs);
    const skips = new SkipLog('trial-expiry', this.logger, this.settings.skipWarningLimit);
    const range = tick.shard ?? WHOLE_TABLE;
    skips.addReport(await this.store.anomalies({ sampleLimit: this.settings.skipWarningLimit, range }));
    const totals = { scanned: 0, expired: 0, emitted: 0, batches: 0 };
    for (let after: PageCursor | null = null; ; ) {
      let planned: PlannedExpiry[] = [];
      const at = notBefore(this.clock.now(), tick.now);
      const batch = await this.store.expireBatch({ cutoff, range, after, limit: this.settings.batchSize, at }, (candidates) => {
        planned = candidates.flatMap((c) => this.plan(c, tick, at, skips));
        return planned;
      });
      if (batch.next === null) break;
      after = batch.next;
      batch.skipped.forEach((row) => skips.add(row));
      totals.scanned += batch.scanned;
      totals.expired += batch.expired.length;
      totals.emitted += batch.inserted.size;
      totals.batches += 1;
      this.metrics.emitted('trial.expired', batch.inserted.size);
      this.notify(observer, planned, new Set(batch.expired), batch.inserted);
    }
    return {
      sweep: 'trial-expiry',
      tickId: tick.tickId,
      now: tick.now.toISOString(),
      ...(tick.shard ? { shard: tick.shard } : {}),
      scanned: totals.scanned,
      emitted: totals.emitted,
      alreadySent: totals.expired - totals.emitted,
      expired: totals.expired,
      skipped: skips.finish(this.metrics),
      batches: totals.batches,
      durationSeconds: stopTimer(),
    };
  }

  private plan(c: ExpiryCandidate, tick: SweepTick, at: Date, skips: SkipLog): PlannedExpiry[] {
    try {
      const envelope = createEnvelope('trial.expired', {
        id: trialExpiredId(c.subscriptionId, c.trialEndsAt),
        source: 'billing',
        correlationId: tick.tickId,
        occurredAt: tick.now,
        data: {
          subscriptionId: c.subscriptionId,
          companyId: c.companyId,
          companyName: c.companyName,
          plan: c.plan,
          admin: { ...c.admin, locale: this.settings.locales.localeFor(c.preferredCurrency) },
          trialEndedAt: isoId(c.trialEndsAt),
        },
      });
      const audit = {
        timestamp: at,
        companyId: c.companyId,
        actionType: SUBSCRIPTION_EXPIRED_ACTION,
        resourceType: 'subscription',
        resourceId: c.subscriptionId,
        details: { tickId: tick.tickId, eventId: envelope.id, trialEndedAt: envelope.data.trialEndedAt, from: 'trial', to: 'expired' },
      };
      return [{ subscriptionId: c.subscriptionId, envelope, audit }];
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      skips.add({ reason: 'invalid_event', subscriptionId: c.subscriptionId, companyId: c.companyId, detail: error.message });
      return [];
    }
  }

  private notify(observer: SweepObserver, planned: PlannedExpiry[], expired: Set<number>, inserted: ReadonlySet<string>): void {
    const done = planned.filter((p) => expired.has(p.subscriptionId));
    const subscriptions: ExpiredSubscription[] = done.map((p) => ({
      subscriptionId: p.subscriptionId,
      companyId: p.envelope.data.companyId,
      trialEndedAt: p.envelope.data.trialEndedAt,
    }));
    if (subscriptions.length) observer.expired?.(subscriptions);
    const emitted = done.map((p) => p.envelope).filter((e) => inserted.has(e.id));
    if (emitted.length) observer.emitted?.(emitted);
  }
}
