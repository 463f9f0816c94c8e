import { InvalidEventError, isoId } from '@lifecycle/contracts';
import { notBefore, type Clock } from '@lifecycle/time';
import { SUBSCRIPTION_REACTIVATED_ACTION } from './attempt-settler';
import type { BillingSettings } from './billing.settings';
import type { DunningEvents } from './dunning-events';
import type { DunningMetrics } from './dunning-metrics';
import type { PlannedReactivation, ReactivationCandidate, ReactivationStore } from './dunning.store';
import type { SweepLogger, SweepObserver, SweepTick } from './sweep.types';
import { WarningBudget } from './warning-budget';

export interface ReactivationSummary {
  reactivated: number;
  emitted: number;
  skipped: number;
}

/**
 * ARCHITECTURE.md, "Business rules → Reactivation": a subscription billing expired or suspended that the
 * platform made `active` again (the customer paid in the app) is announced once as `subscription.reactivated`,
 * with an audit row, on billing's next trial-expiry or payment-retry sweep; workspace-guard restores its
 * workspaces. The event id names the expiry or suspension being undone, so it is announced once.
 */
export class ReactivationUseCase {
  constructor(
    private readonly store: ReactivationStore,
    private readonly settings: BillingSettings,
    private readonly events: DunningEvents,
    private readonly clock: Clock,
    private readonly metrics: Pick<DunningMetrics, 'reactivated' | 'emitted'>,
    private readonly logger: SweepLogger,
  ) {}

  async execute(tick: SweepTick, observer: SweepObserver = {}): Promise<ReactivationSummary> {
    const totals: ReactivationSummary = { reactivated: 0, emitted: 0, skipped: 0 };
    const warnings = new WarningBudget('reactivation', this.logger, this.settings.skipWarningLimit);
    for (let afterId = 0; ; ) {
      const at = notBefore(this.clock.now(), tick.now);
      const batch = await this.store.reactivateBatch({ afterId, limit: this.settings.batchSize }, (candidates) =>
        candidates.flatMap((c) => this.plan(c, tick, at, warnings, totals)),
      );
      if (batch.lastId === null) break;
      afterId = batch.lastId;
      totals.reactivated += batch.reactivated.length;
      totals.emitted += batch.inserted.size;
      this.metrics.reactivated('platform', batch.reactivated.length);
      this.metrics.emitted('subscription.reactivated', batch.inserted.size);
      const emitted = batch.reactivated.map((r) => r.event.envelope).filter((e) => batch.inserted.has(e.id));
      if (emitted.length) observer.emitted?.(emitted);
      for (const r of batch.reactivated) this.logger.log(`subscription ${r.subscriptionId} was made active by the platform: reactivated`);
    }
    warnings.finish();
    return totals;
  }

  private plan(c: ReactivationCandidate, tick: SweepTick, at: Date, warnings: WarningBudget, totals: ReactivationSummary): PlannedReactivation[] {
    if (!c.admin) {
      totals.skipped += 1;
      warnings.warn(`subscription ${c.subscriptionId} (company ${c.companyId}) is active again but not announced: the company has no active admin`);
      return [];
    }
    try {
      const event = this.events.statusChange(
        'subscription.reactivated',
        { subscriptionId: c.subscriptionId, companyId: c.companyId, companyName: c.companyName, plan: c.plan, admin: c.admin },
        { reason: 'reactivated_by_platform', paymentId: null, cause: { at: c.previousAt }, currency: c.preferredCurrency },
        { occurredAt: tick.now, correlationId: tick.tickId },
      );
      const audit = {
        timestamp: at,
        companyId: c.companyId,
        actionType: SUBSCRIPTION_REACTIVATED_ACTION,
        resourceType: 'subscription',
        resourceId: c.subscriptionId,
        details: { tickId: tick.tickId, eventId: event.envelope.id, reason: 'platform', undoes: c.previousAction, undoneAt: isoId(c.previousAt), to: 'active' },
      };
      return [{ subscriptionId: c.subscriptionId, event, audit }];
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      totals.skipped += 1;
      warnings.warn(`subscription ${c.subscriptionId} is active again but not announced, its event does not pass the contract: ${error.message}`);
      return [];
    }
  }
}
