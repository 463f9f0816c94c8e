import {
  CLOCK_TICK_PREFIX,
  healthAlertId,
  healthReportId,
  isScheduleName,
  notificationEventId,
  paymentFailedId,
  paymentSucceededId,
  renewalUpcomingId,
  subscriptionStatusId,
  tickId,
  trialExpiredId,
  trialExpiringId,
  workspaceEventId,
  type Subject,
} from '@lifecycle/contracts';

const trialEnd = '2026-12-08T09:00:00Z';

/** Ids as the producers build them, so the document's examples show real dedup keys. */
export function exampleEventId(subject: Subject): string {
  const schedule = subject.slice(CLOCK_TICK_PREFIX.length + 1);
  if (subject.startsWith(`${CLOCK_TICK_PREFIX}.`) && isScheduleName(schedule)) return tickId(schedule, '2026-12-01T08:00:00Z');
  switch (subject) {
    case 'trial.expiring':
      return trialExpiringId(42, 7, trialEnd);
    case 'trial.expired':
      return trialExpiredId(42, trialEnd);
    case 'renewal.upcoming':
      return renewalUpcomingId(42, 3, '2026-12-04T10:00:00Z');
    case 'payment.failed':
      return paymentFailedId(1001);
    case 'payment.succeeded':
      return paymentSucceededId(1002);
    case 'subscription.past_due':
      return subscriptionStatusId(subject, 42, { paymentId: 1001 });
    case 'subscription.suspended':
      return subscriptionStatusId(subject, 42, { paymentId: 1004 });
    case 'subscription.reactivated':
      return subscriptionStatusId(subject, 42, { at: '2026-12-20T00:00:00Z' });
    case 'workspace.stopped':
    case 'workspace.action_failed':
      return workspaceEventId(subject, 3, trialExpiredId(42, trialEnd));
    case 'workspace.started':
      return workspaceEventId(subject, 3, subscriptionStatusId('subscription.reactivated', 42, { at: '2026-12-20T00:00:00Z' }));
    case 'notification.email.sent':
    case 'notification.email.bounced':
      return notificationEventId(subject, trialExpiringId(42, 7, trialEnd));
    case 'notification.email.failed':
      return notificationEventId(subject, trialExpiredId(42, trialEnd));
    case 'health.report':
      return healthReportId('workspace-health', '2026-12-01T08:15:00Z');
    case 'health.alert.raised':
    case 'health.alert.resolved':
      return healthAlertId(subject, 'workspace.running_while_suspended', 'workspace:3', '2026-12-01T08:15:00Z');
    default:
      return `${subject}:example`;
  }
}
