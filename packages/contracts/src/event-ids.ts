import type { ScheduleName } from './schedule-names';
import type { TrialReminderDays } from './events/trial.events';
import type { RenewalReminderDays } from './events/renewal.events';
import type { SubscriptionStatusSubject } from './events/subscription.events';
import type { WorkspaceSubject } from './events/workspace.events';
import type { NotificationSubject } from './events/notification.events';
import type { HealthAlertSubject } from './events/health.events';

// An event id is the identity of the fact it reports: the same fact always yields the same id, so
// JetStream (Nats-Msg-Id) and every consumer's processed_messages drop a republished fact
// (ARCHITECTURE.md, "Events").

/** UTC ISO-8601, without `.000` when the milliseconds are zero; any input offset is normalised to `Z`. */
export function isoId(date: Date | string): string {
  return new Date(date).toISOString().replace('.000Z', 'Z');
}

/** The slot identity `<schedule>@<slot ISO time>` (ARCHITECTURE.md, "Schedules"). */
export function tickId(schedule: ScheduleName, scheduledAt: Date | string): string {
  return `${schedule}@${isoId(scheduledAt)}`;
}

/** A manual run is its own fact, distinct from the slot it may coincide with. */
export function manualTickId(schedule: ScheduleName, at: Date | string, nonce: string): string {
  return `${tickId(schedule, at)}#manual-${nonce}`;
}

// The trial end is part of the key, so an extended trial re-arms its reminders (ARCHITECTURE.md, "Business rules").
export function trialExpiringId(subscriptionId: number, daysBefore: TrialReminderDays, trialEndsAt: Date | string): string {
  return `trial.expiring:sub-${subscriptionId}:${daysBefore}d:${isoId(trialEndsAt)}`;
}

/** One shard of a tick's sweep: a redelivered tick splits into the same ids, so the outbox drops the copies. */
export function billingSweepShardId(sweep: string, tickId: string, shard: number, shards: number): string {
  return `billing.sweep.${sweep}:${tickId}:${shard + 1}of${shards}`;
}

export function trialExpiredId(subscriptionId: number, trialEndsAt: Date | string): string {
  return `trial.expired:sub-${subscriptionId}:${isoId(trialEndsAt)}`;
}

export function renewalUpcomingId(subscriptionId: number, daysBefore: RenewalReminderDays, periodEndsAt: Date | string): string {
  return `renewal.upcoming:sub-${subscriptionId}:${daysBefore}d:${isoId(periodEndsAt)}`;
}

/** Each retry is its own payments row, so the payment id alone identifies the outcome. */
export function paymentFailedId(paymentId: number): string {
  return `payment.failed:pay-${paymentId}`;
}

export function paymentSucceededId(paymentId: number): string {
  return `payment.succeeded:pay-${paymentId}`;
}

/**
 * A subscription can pass through the same status many times, so the status alone is not the fact.
 * The discriminator names the cause: the payment whose failure or success made the change, or, when no
 * payment did (a reactivation the platform made and a sweep noticed), the time of the status being left
 * (e.g. when it was suspended), which every re-run of the sweep computes alike. Never the sweep's own time.
 */
export function subscriptionStatusId(
  type: SubscriptionStatusSubject,
  subscriptionId: number,
  cause: { paymentId: number } | { at: Date | string },
): string {
  const discriminator = 'paymentId' in cause ? `pay-${cause.paymentId}` : isoId(cause.at);
  return `${type}:sub-${subscriptionId}:${discriminator}`;
}

/** A workspace changes state because of one event; the same cause never stops it twice. */
export function workspaceEventId(type: WorkspaceSubject, workspaceId: number, causeEventId: string): string {
  return `${type}:ws-${workspaceId}:${causeEventId}`;
}

export function notificationEventId(type: NotificationSubject, dedupKey: string): string {
  return `${type}:${dedupKey}`;
}

export function healthReportId(check: string, scheduledAt: Date | string): string {
  return `health.report:${check}@${isoId(scheduledAt)}`;
}

/** An issue is identified by code, resource and when it first appeared; it is raised and resolved once each. */
export function healthAlertId(type: HealthAlertSubject, code: string, resource: string, firstSeenAt: Date | string): string {
  return `${type}:${code}:${resource}:${isoId(firstSeenAt)}`;
}
