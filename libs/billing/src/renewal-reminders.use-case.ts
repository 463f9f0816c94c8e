import { createEnvelope, isoId, RENEWAL_REMINDER_DAYS, renewalUpcomingId, type Currency, type RenewalReminderDays } from '@lifecycle/contracts';
import type { BillingSettings } from './billing.settings';
import { priceFor } from './price-list';
import { ReminderSweep } from './reminder-sweep';
import type { ReminderCandidate, ReminderStore } from './reminder.store';
import type { SkippedRow } from './skip-log';
import type { SweepMetrics } from './sweep-metrics';
import type { SweepLogger, SweepObserver, SweepSummary, SweepTick } from './sweep.types';

/**
 * `clock.tick.renewal-reminders`: `renewal.upcoming` 7 and 3 days before a paid period ends. The amount
 * is the last successful payment's, else the list price in the company's currency (docs/billing.md).
 */
export class RenewalRemindersUseCase {
  private readonly sweep: ReminderSweep;

  constructor(store: ReminderStore, private readonly settings: BillingSettings, metrics: SweepMetrics, logger: SweepLogger) {
    this.sweep = new ReminderSweep(
      { sweep: 'renewal-reminders', subject: 'renewal.upcoming', milestones: RENEWAL_REMINDER_DAYS, envelope: (c, tick) => this.envelope(c, tick) },
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
    const price = c.lastPayment ?? this.listPrice(c);
    if (!price) {
      const detail = `plan ${c.plan} in ${c.preferredCurrency}`;
      return { reason: 'no_price', subscriptionId: c.subscriptionId, companyId: c.companyId, detail } satisfies SkippedRow;
    }
    const daysBefore = c.daysBefore as RenewalReminderDays;
    return createEnvelope('renewal.upcoming', {
      id: renewalUpcomingId(c.subscriptionId, daysBefore, c.endsAt),
      source: 'billing',
      correlationId: tick.tickId,
      occurredAt: tick.now,
      data: {
        subscriptionId: c.subscriptionId,
        companyId: c.companyId,
        companyName: c.companyName,
        plan: c.plan,
        admin: { ...c.admin, locale: this.settings.locales.localeFor(price.currency) },
        daysBefore,
        periodEndsAt: isoId(c.endsAt),
        amount: price.amount,
        currency: price.currency as Currency,
      },
    });
  }

  private listPrice(c: ReminderCandidate): { amount: number; currency: string } | null {
    const amount = priceFor(this.settings.prices, c.plan, c.preferredCurrency);
    return amount === null ? null : { amount, currency: c.preferredCurrency };
  }
}
