import type { EntityManager } from 'typeorm';
import type { Clock } from '@lifecycle/time';
import type { BillingSettings } from './billing.settings';
import { DunningEvents } from './dunning-events';
import { NO_DUNNING_METRICS, type DunningMetrics } from './dunning-metrics';
import { ReactivationRepository } from './reactivation.repository';
import { ReactivationUseCase } from './reactivation.use-case';
import { RenewalRemindersUseCase } from './renewal-reminders.use-case';
import { RENEWAL_REMINDER_SOURCE, ReminderRepository, TRIAL_REMINDER_SOURCE } from './reminder.repository';
import type { SweepMetrics } from './sweep-metrics';
import type { BillingSweep, SweepLogger, SweepObserver, SweepSummary, SweepTick } from './sweep.types';
import { SplitSweepUseCase, type SplitSummary } from './split-sweep.use-case';
import { SweepSplitRepository } from './sweep-split.repository';
import { TrialExpiryRepository } from './trial-expiry.repository';
import { TrialExpiryUseCase } from './trial-expiry.use-case';
import { TrialRemindersUseCase } from './trial-reminders.use-case';

export interface BillingSweepDeps {
  /** The DataSource's manager, or a transaction's (preview): each page then runs in a savepoint. */
  manager: EntityManager;
  clock: Clock;
  settings: BillingSettings;
  metrics: SweepMetrics;
  /** Counts the reactivations the trial-expiry run announces; none recorded when absent. */
  dunningMetrics?: DunningMetrics;
  logger: SweepLogger;
}

export interface BillingSweeps {
  trialReminders: TrialRemindersUseCase;
  trialExpiry: TrialExpiryUseCase;
  renewalReminders: RenewalRemindersUseCase;
  /** Platform reactivations (ARCHITECTURE.md, "Business rules → Reactivation"), run after every trial expiry. */
  reactivation: ReactivationUseCase;
  splitSweep: SplitSweepUseCase;
  /**
   * The use case a schedule drives. With `tick.shard` only that id range is swept (a work item), and
   * trial-expiry leaves reactivation to the tick (`onTick`).
   */
  run(sweep: BillingSweep, tick: SweepTick, observer?: SweepObserver): Promise<SweepSummary>;
  /** What a sweep tick does: with `sweepShards` 1 the whole sweep; otherwise the split into work items (then reactivation, for trial-expiry). */
  onTick(sweep: BillingSweep, tick: SweepTick): Promise<TickOutcome>;
}

export type TickOutcome =
  | { mode: 'swept'; summary: SweepSummary }
  | { mode: 'split'; split: SplitSummary; reactivated?: number; reactivationEmitted?: number };

/** The composition root of the sweeps, shared by the billing app, `lifecyclectl preview`, tests and the benchmark. */
export function createBillingSweeps({ manager, clock, settings, metrics, dunningMetrics, logger }: BillingSweepDeps): BillingSweeps {
  const trialReminders = new TrialRemindersUseCase(new ReminderRepository(manager, TRIAL_REMINDER_SOURCE), settings, metrics, logger);
  const trialExpiry = new TrialExpiryUseCase(new TrialExpiryRepository(manager), settings, clock, metrics, logger);
  const renewalReminders = new RenewalRemindersUseCase(new ReminderRepository(manager, RENEWAL_REMINDER_SOURCE), settings, metrics, logger);
  const counted = dunningMetrics ?? NO_DUNNING_METRICS;
  const reactivationMetrics = {
    emitted: (type: string, count: number) => metrics.emitted(type, count),
    reactivated: (cause: 'payment' | 'platform', count: number) => counted.reactivated(cause, count),
  };
  const reactivation = new ReactivationUseCase(new ReactivationRepository(manager), settings, new DunningEvents(settings.locales), clock, reactivationMetrics, logger);
  const expireThenReactivate = async (tick: SweepTick, observer?: SweepObserver): Promise<SweepSummary> => {
    const summary = await trialExpiry.execute(tick, observer);
    const reactivated = await reactivation.execute(tick, observer);
    return { ...summary, emitted: summary.emitted + reactivated.emitted, reactivated: reactivated.reactivated };
  };
  const splitSweep = new SplitSweepUseCase(new SweepSplitRepository(manager), settings);
  const bySweep = {
    'trial-reminders': (tick: SweepTick, observer?: SweepObserver) => trialReminders.execute(tick, observer),
    'trial-expiry': (tick: SweepTick, observer?: SweepObserver) => (tick.shard ? trialExpiry.execute(tick, observer) : expireThenReactivate(tick, observer)),
    'renewal-reminders': (tick: SweepTick, observer?: SweepObserver) => renewalReminders.execute(tick, observer),
  };
  return {
    trialReminders,
    trialExpiry,
    renewalReminders,
    reactivation,
    splitSweep,
    run: (sweep, tick, observer) => bySweep[sweep](tick, observer),
    onTick: async (sweep, tick): Promise<TickOutcome> => {
      if (settings.sweepShards <= 1) return { mode: 'swept', summary: await bySweep[sweep]({ now: tick.now, tickId: tick.tickId }) };
      const split = await splitSweep.execute(sweep, tick);
      if (sweep !== 'trial-expiry') return { mode: 'split', split };
      const reactivated = await reactivation.execute(tick);
      return { mode: 'split', split, reactivated: reactivated.reactivated, reactivationEmitted: reactivated.emitted };
    },
  };
}
