import type { ScheduleName } from '@lifecycle/contracts';
import type { ScheduleDefinition } from './schedule.definition';

export const DEFAULT_CATCH_UP_LIMIT = 24;

const MINUTE = 60_000;

function schedule(
  name: ScheduleName,
  cron: string,
  jitterMs: number,
  catchUp: ScheduleDefinition['catchUp'],
): ScheduleDefinition {
  return Object.freeze({ name, cron, timeZone: 'UTC', jitterMs, catchUp, catchUpLimit: DEFAULT_CATCH_UP_LIMIT, enabled: true });
}

/** The table in ARCHITECTURE.md, "Schedules", in SCHEDULE_NAMES order. */
export const DEFAULT_SCHEDULES: readonly ScheduleDefinition[] = Object.freeze([
  schedule('trial-reminders', '0 9 * * *', 30 * MINUTE, 'once'),
  schedule('trial-expiry', '0 */2 * * *', 0, 'once'),
  schedule('renewal-reminders', '0 10 * * *', 30 * MINUTE, 'once'),
  schedule('payment-retry', '0 */6 * * *', 0, 'once'),
  schedule('workspace-health', '*/15 * * * *', 0, 'skip'),
  schedule('billing-health', '0 8 * * *', 0, 'once'),
  schedule('email-health', '0 * * * *', 5 * MINUTE, 'skip'),
  schedule('data-retention', '0 3 * * *', 0, 'once'),
  schedule('database-backup', '0 2 * * *', 0, 'once'),
]);
