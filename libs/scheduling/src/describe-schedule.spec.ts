import { DEFAULT_SCHEDULES } from './default-schedules';
import { describeSchedule } from './describe-schedule';

const base = DEFAULT_SCHEDULES[0];

describe('describeSchedule', () => {
  it.each([
    [
      { cron: '30 9 * * *', timeZone: 'Europe/Istanbul', jitterMs: 90_000 },
      'daily 09:30 Europe/Istanbul, jitter up to 1m30s, catch-up once',
    ],
    [{ cron: '5 * * * *', jitterMs: 0 }, 'hourly at :05 UTC, catch-up once'],
    [{ cron: '0 9 * * 1-5', jitterMs: 0 }, 'cron "0 9 * * 1-5" UTC, catch-up once'],
    [
      { cron: '0 0 9 * * *', jitterMs: 0, catchUp: 'all' as const, catchUpLimit: 10 },
      'cron "0 0 9 * * *" UTC, catch-up all (at most 10)',
    ],
    [{ jitterMs: 0, enabled: false }, 'disabled (daily 09:00 UTC, catch-up once)'],
  ])('%j → %s', (override, description) => {
    expect(describeSchedule({ ...base, ...override })).toBe(description);
  });
});
