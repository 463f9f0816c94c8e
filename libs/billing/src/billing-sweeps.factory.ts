import type { EntityManager } from 'typeorm';
import type { Clock } from '@lifecycle/time';
import type { BillingSettings } from './billing.settings';
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
  logger: SweepLogger;
}

export interface BillingSweeps {
  trialReminders: TrialRemindersUseCase;
  trialExpiry: TrialExpiryUseCase;
  renewalReminders: RenewalRemindersUseCase;
  /** The use case a schedule drives. */
  run(sweep: BillingSweep, tick: SweepTick, observer?: SweepObserver): Promise<SweepSummary>;
}

/** The composition root of the sweeps, shared by the billing app, `lifecyclectl preview`, tests and the benchmark. */
export function createBillingSweeps({ manager, clock, settings, metrics, logger }: BillingSweepDeps): BillingSweeps {
  const trialReminders = new TrialRemindersUseCase(new ReminderRepository(manager, TRIAL_REMINDER_SOURCE), settings, metrics, logger);
  const trialExpiry = new TrialExpiryUseCase(new TrialExpiryRepository(manager), settings, clock, metrics, logger);
  const renewalReminders = new RenewalRemindersUseCase(new ReminderRepository(manager, RENEWAL_REMINDER_SOURCE), settings, metrics, logger);
  const bySweep = { 'trial-reminders': trialReminders, 'trial-expiry': trialExpiry, 'renewal-reminders': renewalReminders };
  return {
    trialReminders,
    trialExpiry,
    renewalReminders,
    run: (sweep, tick, observer) => bySweep[sweep].execute(tick, observer),
  };
}
