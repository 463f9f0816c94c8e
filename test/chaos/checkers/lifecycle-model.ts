import type { SeededCompany } from '../support/seed';
import { expectedSlots } from './schedule-model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ExpectedEvent {
  id: string;
  type: 'trial.expiring' | 'trial.expired' | 'renewal.upcoming';
  subscriptionId: number;
  recipient: string;
  at: Date;
}

export interface LifecycleExpectation {
  events: ExpectedEvent[];
  /** Final subscription status by subscription id. */
  status: Map<number, string>;
  expired: SeededCompany[];
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * ARCHITECTURE.md's business rules and docs/billing.md's milestone rule, replayed tick by tick over the
 * seed, written independently of libs/billing: at each slot of trial-reminders (daily 09:00),
 * trial-expiry (every 2 h) and renewal-reminders (daily 10:00) in (from, to].
 */
export function replayLifecycle(companies: readonly SeededCompany[], from: Date, to: Date): LifecycleExpectation {
  const status = new Map(companies.map((c) => [c.subscriptionId, c.status]));
  const sent = new Set<string>();
  const events: ExpectedEvent[] = [];
  const expired: SeededCompany[] = [];
  const emit = (e: ExpectedEvent) => {
    if (sent.has(e.id)) return;
    sent.add(e.id);
    events.push(e);
  };
  /** The smallest milestone d that applies (the subscription existed d days before the end) and is due (end − d days − 12 h ≤ now < end). */
  const milestone = (now: number, end: number, began: number, milestones: readonly number[]) =>
    milestones.filter((d) => began <= end - d * DAY && end - d * DAY - 12 * HOUR <= now && now < end).sort((a, b) => a - b)[0];

  const slots = expectedSlots(from, to).filter((s) => ['trial-reminders', 'trial-expiry', 'renewal-reminders'].includes(s.schedule));
  for (const slot of slots) {
    const now = slot.at.getTime();
    for (const c of companies) {
      if (!c.admin) continue;
      const state = status.get(c.subscriptionId);
      if (slot.schedule === 'trial-expiry' && state === 'trial' && c.trialEndsAt && c.trialEndsAt.getTime() < now) {
        status.set(c.subscriptionId, 'expired');
        expired.push(c);
        emit({ id: `trial.expired:sub-${c.subscriptionId}:${iso(c.trialEndsAt.getTime())}`, type: 'trial.expired', subscriptionId: c.subscriptionId, recipient: c.adminEmail!, at: slot.at });
      }
      if (slot.schedule === 'trial-reminders' && state === 'trial' && c.trialEndsAt) {
        const end = c.trialEndsAt.getTime();
        const d = milestone(now, end, (c.trialStartsAt ?? c.createdAt).getTime(), [7, 3, 1]);
        if (d) emit({ id: `trial.expiring:sub-${c.subscriptionId}:${d}d:${iso(end)}`, type: 'trial.expiring', subscriptionId: c.subscriptionId, recipient: c.adminEmail!, at: slot.at });
      }
      if (slot.schedule === 'renewal-reminders' && state === 'active' && !c.cancelAtPeriodEnd && c.periodEnd) {
        const end = c.periodEnd.getTime();
        const d = milestone(now, end, (c.periodStart ?? c.createdAt).getTime(), [7, 3]);
        if (d) emit({ id: `renewal.upcoming:sub-${c.subscriptionId}:${d}d:${iso(end)}`, type: 'renewal.upcoming', subscriptionId: c.subscriptionId, recipient: c.adminEmail!, at: slot.at });
      }
    }
  }
  return { events, status, expired };
}
