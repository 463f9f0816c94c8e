import type { EventMap } from './event-map';
import { SCHEDULE_NAMES, type ScheduleName } from './schedule-names';
import { clockTickSubject, type ClockTick, type ClockTickSubject } from './events/clock.events';
import type { Admin } from './events/common.schemas';
import { billingSweepSubject, SHARDED_SWEEPS, type BillingSweepShard, type BillingSweepSubject, type ShardedSweep } from './events/billing-work.events';

const admin: Admin = { userId: 7, email: 'ayse@acme.example', fullName: 'Ayşe Yılmaz', locale: 'tr' };
const company = { subscriptionId: 42, companyId: 12, companyName: 'Acme', plan: 'team', admin };

const ticks = Object.fromEntries(
  SCHEDULE_NAMES.map((schedule) => [
    clockTickSubject(schedule),
    { schedule, scheduledAt: '2026-12-01T08:00:00Z', firedAt: '2026-12-01T08:00:00.120Z', trigger: 'schedule' },
  ]),
) as { [N in ScheduleName as ClockTickSubject<N>]: ClockTick<N> };

const shards = Object.fromEntries(
  SHARDED_SWEEPS.map((sweep) => [
    billingSweepSubject(sweep),
    { sweep, tickId: `${sweep}@2026-12-01T08:00:00Z`, scheduledAt: '2026-12-01T08:00:00Z', shard: 1, shards: 8, afterId: 125000, throughId: 250000 },
  ]),
) as { [S in ShardedSweep as BillingSweepSubject<S>]: BillingSweepShard<S> };

/** One valid payload per subject: documentation examples and test fixtures. */
export const EVENT_SAMPLES: { readonly [S in keyof EventMap]: EventMap[S] } = {
  ...ticks,
  ...shards,
  'trial.expiring': { ...company, daysBefore: 7, trialEndsAt: '2026-12-08T09:00:00Z' },
  'trial.expired': { ...company, trialEndedAt: '2026-12-08T09:00:00Z' },
  'renewal.upcoming': { ...company, daysBefore: 3, periodEndsAt: '2026-12-04T10:00:00Z', amount: 2900, currency: 'USD' },
  'payment.failed': {
    ...company,
    paymentId: 1001,
    attempt: 1,
    maxAttempts: 4,
    nextRetryAt: '2026-12-01T14:00:00Z',
    reason: 'Insufficient funds',
    amount: 2900,
    currency: 'USD',
  },
  'payment.succeeded': {
    ...company,
    paymentId: 1002,
    invoiceId: 501,
    invoiceNumber: 'INV-2026-00042',
    amount: 2900,
    currency: 'USD',
    periodEndsAt: '2027-01-01T00:00:00Z',
  },
  'subscription.past_due': { ...company, reason: 'payment 1001 failed', paymentId: 1001 },
  'subscription.suspended': { ...company, reason: 'payment retries exhausted', paymentId: 1004 },
  'subscription.reactivated': { ...company, reason: 'paid in the platform', paymentId: null },
  'workspace.stopped': { workspaceId: 3, companyId: 12, workspaceName: 'main', reason: 'trial.expired', driver: 'systemd' },
  'workspace.started': {
    workspaceId: 3,
    companyId: 12,
    workspaceName: 'main',
    reason: 'subscription.reactivated',
    driver: 'systemd',
  },
  'workspace.action_failed': {
    workspaceId: 3,
    companyId: 12,
    workspaceName: 'main',
    reason: 'trial.expired',
    driver: 'systemd',
    action: 'stop',
    error: 'systemctl exited with 1',
  },
  'notification.email.sent': {
    dedupKey: 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z',
    emailType: 'trial_expiry_reminder',
    recipient: admin.email,
    companyId: 12,
    providerMessageId: '288230376152553821',
  },
  'notification.email.failed': {
    dedupKey: 'trial.expired:sub-42:2026-12-08T09:00:00Z',
    emailType: 'trial_expired',
    recipient: admin.email,
    companyId: 12,
    error: 'mailjet 400: invalid recipient',
  },
  'notification.email.bounced': {
    dedupKey: 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z',
    emailType: 'trial_expiry_reminder',
    recipient: admin.email,
    companyId: 12,
    providerMessageId: '288230376152553821',
    error: 'user unknown',
  },
  'health.report': {
    check: 'workspace-health',
    scheduledAt: '2026-12-01T08:15:00Z',
    issues: [{ code: 'workspace.running_while_suspended', severity: 'warning', resource: 'workspace:3', message: 'main runs although Acme is suspended' }],
    counts: { workspacesChecked: 40, issues: 1 },
  },
  'health.alert.raised': {
    check: 'workspace-health',
    code: 'workspace.running_while_suspended',
    severity: 'warning',
    resource: 'workspace:3',
    message: 'main runs although Acme is suspended',
    firstSeenAt: '2026-12-01T08:15:00Z',
  },
  'health.alert.resolved': {
    check: 'workspace-health',
    code: 'workspace.running_while_suspended',
    severity: 'warning',
    resource: 'workspace:3',
    message: 'main runs although Acme is suspended',
    firstSeenAt: '2026-12-01T08:15:00Z',
    resolvedAt: '2026-12-01T08:30:00Z',
  },
};
