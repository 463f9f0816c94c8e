import { SCHEDULE_NAMES } from '@lifecycle/contracts';
import { cronExpressionProblem } from './cron-expression';
import { DEFAULT_SCHEDULES } from './default-schedules';
import { describeSchedule } from './describe-schedule';

describe('DEFAULT_SCHEDULES', () => {
  // ARCHITECTURE.md, "Schedules": schedule | when (UTC) | jitter | catch-up
  it.each([
    ['trial-reminders', '0 9 * * *', 'daily 09:00 UTC, jitter up to 30m, catch-up once'],
    ['trial-expiry', '0 */2 * * *', 'every 2h UTC, catch-up once'],
    ['renewal-reminders', '0 10 * * *', 'daily 10:00 UTC, jitter up to 30m, catch-up once'],
    ['payment-retry', '0 */6 * * *', 'every 6h UTC, catch-up once'],
    ['workspace-health', '*/15 * * * *', 'every 15m UTC, catch-up skip'],
    ['billing-health', '0 8 * * *', 'daily 08:00 UTC, catch-up once'],
    ['email-health', '0 * * * *', 'hourly UTC, jitter up to 5m, catch-up skip'],
    ['data-retention', '0 3 * * *', 'daily 03:00 UTC, catch-up once'],
    ['database-backup', '0 2 * * *', 'daily 02:00 UTC, catch-up once'],
  ])('%s runs %s: %s', (name, cron, description) => {
    const definition = DEFAULT_SCHEDULES.find((d) => d.name === name)!;
    expect(definition).toMatchObject({ cron, timeZone: 'UTC', catchUpLimit: 24, enabled: true });
    expect(cronExpressionProblem(definition.cron)).toBeUndefined();
    expect(describeSchedule(definition)).toBe(description);
  });

  it('has one entry per schedule name, in contract order', () => {
    expect(DEFAULT_SCHEDULES.map((d) => d.name)).toEqual(SCHEDULE_NAMES);
  });
});
