import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { shardTick, type BillingSweep, type BillingSweeps, type Dunning, type SweepSummary } from '@lifecycle/billing';
import type { Envelope } from '@lifecycle/contracts';
import { BILLING_SWEEPS, DUNNING } from './billing.tokens';

type Tick = Envelope<'clock.tick.trial-reminders' | 'clock.tick.trial-expiry' | 'clock.tick.renewal-reminders'>;
type WorkItem = Envelope<'billing.sweep.trial-reminders' | 'billing.sweep.trial-expiry' | 'billing.sweep.renewal-reminders'>;

/** The ticks billing reacts to; "now" is the tick's scheduledAt (ARCHITECTURE.md, "Time enters only through ticks"). */
@Controller()
export class TickController {
  private readonly logger = new Logger('billing');

  constructor(
    @Inject(BILLING_SWEEPS) private readonly sweeps: BillingSweeps,
    @Inject(DUNNING) private readonly dunning: Dunning,
  ) {}

  @EventPattern<string>('clock.tick.trial-reminders')
  trialReminders(@Payload() tick: Envelope<'clock.tick.trial-reminders'>): Promise<void> {
    return this.sweep('trial-reminders', tick);
  }

  /** Also announces subscriptions the platform made active again (ARCHITECTURE.md, "Business rules → Reactivation"). */
  @EventPattern<string>('clock.tick.trial-expiry')
  trialExpiry(@Payload() tick: Envelope<'clock.tick.trial-expiry'>): Promise<void> {
    return this.sweep('trial-expiry', tick);
  }

  @EventPattern<string>('clock.tick.renewal-reminders')
  renewalReminders(@Payload() tick: Envelope<'clock.tick.renewal-reminders'>): Promise<void> {
    return this.sweep('renewal-reminders', tick);
  }

  /** A shard of a split sweep tick (BILLING_SWEEP_SHARDS > 1): any replica runs it, "now" is still the tick's. */
  @EventPattern<string>('billing.sweep.trial-reminders')
  trialRemindersShard(@Payload() item: Envelope<'billing.sweep.trial-reminders'>): Promise<void> {
    return this.shard(item);
  }

  @EventPattern<string>('billing.sweep.trial-expiry')
  trialExpiryShard(@Payload() item: Envelope<'billing.sweep.trial-expiry'>): Promise<void> {
    return this.shard(item);
  }

  @EventPattern<string>('billing.sweep.renewal-reminders')
  renewalRemindersShard(@Payload() item: Envelope<'billing.sweep.renewal-reminders'>): Promise<void> {
    return this.shard(item);
  }

  @EventPattern<string>('clock.tick.payment-retry')
  async paymentRetry(@Payload() tick: Envelope<'clock.tick.payment-retry'>): Promise<void> {
    const s = await this.dunning.paymentRetry.execute({ now: new Date(tick.data.scheduledAt), tickId: tick.id });
    const msg =
      `payment-retry ${tick.id}: ${s.detection.entered} entered dunning, ${s.claimed} retried (${s.succeeded} succeeded, ${s.failed} failed, ` +
      `${s.pending} pending, ${s.unknown} unknown, ${s.notSent} not sent), ${s.suspended} suspended, ${s.reconciled} reconciled, ${s.reactivation.reactivated} reactivated`;
    this.logger.log({ msg, summary: s });
  }

  private async sweep(sweep: BillingSweep, tick: Tick): Promise<void> {
    const outcome = await this.sweeps.onTick(sweep, { now: new Date(tick.data.scheduledAt), tickId: tick.id });
    if (outcome.mode === 'swept') return this.report(`${sweep} ${tick.id}`, outcome.summary);
    const { split } = outcome;
    const reactivated = outcome.reactivated === undefined ? '' : `, ${outcome.reactivated} reactivated`;
    const msg = split.split
      ? `${sweep} ${tick.id}: split into ${split.shards.length} shards (${split.written} work items written)${reactivated}`
      : `${sweep} ${tick.id}: already split${reactivated}`;
    this.logger.log({ msg, split: { ...split, reactivated: outcome.reactivated } });
  }

  private async shard(item: WorkItem): Promise<void> {
    const tick = shardTick(item.data);
    const summary = await this.sweeps.run(item.data.sweep, tick);
    this.report(`${item.data.sweep} ${item.data.tickId} shard ${item.data.shard + 1}/${item.data.shards}`, summary);
  }

  private report(what: string, summary: SweepSummary): void {
    const skipped = Object.values(summary.skipped).reduce((sum, n) => sum + n, 0);
    const reactivated = summary.reactivated === undefined ? '' : `, ${summary.reactivated} reactivated`;
    const msg = `${what}: ${summary.emitted} emitted, ${summary.alreadySent} already sent, ${summary.expired} expired${reactivated}, ${skipped} skipped`;
    this.logger.log({ msg, summary });
  }
}
