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
  /** The use case a schedule drives. */
  run(sweep: BillingSweep, tick: SweepTick, observer?: SweepObserver): Promise<SweepSummary>;
}

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
  const bySweep = {
    'trial-reminders': (tick: SweepTick, observer?: SweepObserver) => trialReminders.execute(tick, observer),
    'trial-expiry': expireThenReactivate,
    'renewal-reminders': (tick: SweepTick, observer?: SweepObserver) => renewalReminders.execute(tick, observer),
  };
  return {
    trialReminders,
    trialExpiry,
    renewalReminders,
    reactivation,
    run: (sweep, tick, observer) => bySweep[sweep](tick, observer),
  };
}
