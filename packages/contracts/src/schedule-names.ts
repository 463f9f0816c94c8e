/** Schedule names are fixed; only their timing is configurable (ARCHITECTURE.md, "Schedules"). */
export const SCHEDULE_NAMES = [
  'trial-reminders',
  'trial-expiry',
  'renewal-reminders',
  'payment-retry',
  'workspace-health',
  'billing-health',
  'email-health',
  'data-retention',
  'database-backup',
] as const;

export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export const SCHEDULE_PURPOSES: Readonly<Record<ScheduleName, string>> = {
  'trial-reminders': 'Remind trial admins 7, 3 and 1 days before the trial ends',
  'trial-expiry': 'Expire ended trials, stop their workspaces, send the final mail',
  'renewal-reminders': 'Remind admins 7 and 3 days before the paid period ends',
  'payment-retry': 'Retry failed payments along the dunning schedule',
  'workspace-health': 'Check that workspaces run exactly when their subscription allows',
  'billing-health': 'Check billing integrity',
  'email-health': 'Check the email delivery failure rate',
  'data-retention': 'Prune old outbox, inbox and slot rows',
  'database-backup': 'pg_dump into BACKUP_DIR with rotation (only when BACKUP_DIR is set)',
};

export function isScheduleName(value: string): value is ScheduleName {
  return (SCHEDULE_NAMES as readonly string[]).includes(value);
}
