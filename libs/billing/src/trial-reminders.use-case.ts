import { createEnvelope, isoId, TRIAL_REMINDER_DAYS, trialExpiringId, type TrialReminderDays } from '@lifecycle/contracts';
import type { BillingSettings } from './billing.settings';
import { ReminderSweep } from './reminder-sweep';
import type { ReminderCandidate, ReminderStore } from './reminder.store';
import type { SweepMetrics } from './sweep-metrics';
import type { SweepLogger, SweepObserver, SweepSummary, SweepTick } from './sweep.types';

/** `clock.tick.trial-reminders`: `trial.expiring` 7, 3 and 1 days before a trial ends (milestone.rule.ts). */
export class TrialRemindersUseCase {
  private readonly sweep: ReminderSweep;

  constructor(store: ReminderStore, private readonly settings: BillingSettings, metrics: SweepMetrics, logger: SweepLogger) {
    this.sweep = new ReminderSweep(
      { sweep: 'trial-reminders', subject: 'trial.expiring', milestones: TRIAL_REMINDER_DAYS, envelope: (c, tick) => this.envelope(c, tick) },
      store,
      settings,
      metrics,
      logger,
    );
  }

  execute(tick: SweepTick, observer?: SweepObserver): Promise<SweepSummary> {
    return this.sweep.run(tick, observer);
  }

  private envelope(c: ReminderCandidate, tick: SweepTick) {
    const daysBefore = c.daysBefore as TrialReminderDays;
    return createEnvelope('trial.expiring', {
      id: trialExpiringId(c.subscriptionId, daysBefore, c.endsAt),
      source: 'billing',
      correlationId: tick.tickId,
      occurredAt: tick.now,
      data: {
        subscriptionId: c.subscriptionId,
        companyId: c.companyId,
        companyName: c.companyName,
        plan: c.plan,
        admin: { ...c.admin, locale: this.settings.locales.localeFor(c.preferredCurrency) },
        daysBefore,
        trialEndsAt: isoId(c.endsAt),
      },
    });
  }
}
