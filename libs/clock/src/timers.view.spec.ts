import { DEFAULT_SCHEDULES } from '@lifecycle/scheduling';
import { formatSpan, formatTimers, timerRows } from './timers.view';

const now = new Date('2026-12-01T05:47:48Z');

describe('formatSpan', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [12 * 60_000 + 30_000, '12min 30s'],
    [3 * 3_600_000 + 12 * 60_000 + 5_000, '3h 12min'],
    [3 * 3_600_000 + 5_000, '3h'],
    [26 * 3_600_000, '1d 2h'],
  ])('%d ms → %s', (ms, text) => expect(formatSpan(ms)).toBe(text));
});

describe('timerRows', () => {
  const definitions = DEFAULT_SCHEDULES.map((d) => (d.name === 'billing-health' ? { ...d, enabled: false } : d));
  const lastSlots = [
    { schedule: 'trial-expiry' as const, slot: new Date('2026-12-01T04:00:00Z'), trigger: 'schedule', claimedAt: new Date('2026-12-01T04:00:01Z') },
  ];

  it('sorts by next fire time (ties in schedule order), disabled schedules last, with the last fired slot', () => {
    const rows = timerRows(definitions, lastSlots, now);
    expect(rows.slice(0, 3).map((r) => r.schedule)).toEqual(['trial-expiry', 'payment-retry', 'workspace-health']);
    const next = rows.slice(0, -1).map((r) => Date.parse(r.next!.fireAt));
    expect(next).toEqual([...next].sort((x, y) => x - y));
    expect(rows[0]).toEqual({
      schedule: 'trial-expiry',
      next: { slot: '2026-12-01T06:00:00Z', fireAt: '2026-12-01T06:00:00Z', leftMs: 12 * 60_000 + 12_000 },
      last: { slot: '2026-12-01T04:00:00Z', firedAt: '2026-12-01T04:00:01Z', trigger: 'schedule', passedMs: 6_467_000 },
      description: 'every 2h UTC, catch-up once',
    });
    expect(rows.at(-1)).toEqual({ schedule: 'billing-health', description: 'disabled (daily 08:00 UTC, catch-up once)' });
  });

  it('shows simulated schedules at their slot: simulated time fires without jitter', () => {
    const [reminders] = timerRows(DEFAULT_SCHEDULES.slice(0, 1), [], new Date('2026-12-01T08:59:00Z'), { simulated: true });
    expect(reminders.next?.fireAt).toBe('2026-12-01T09:00:00Z');
  });

  it('prints the systemctl list-timers columns', () => {
    const lines = formatTimers(timerRows(definitions, lastSlots, now)).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'NEXT                     LEFT            LAST                     PASSED        UNIT               DESCRIPTION',
      '2026-12-01 06:00:00 UTC  12min 12s left  2026-12-01 04:00:01 UTC  1h 47min ago  trial-expiry       every 2h UTC, catch-up once',
      '2026-12-01 06:00:00 UTC  12min 12s left  -                        -             payment-retry      every 6h UTC, catch-up once',
    ]);
    expect(lines.at(-3)).toBe('-                        -               -                        -             billing-health     disabled (daily 08:00 UTC, catch-up once)');
    expect(lines.slice(-2)).toEqual(['', '9 timers listed.']);
  });
});
