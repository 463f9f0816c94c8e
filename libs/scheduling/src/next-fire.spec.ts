import { DEFAULT_SCHEDULES } from './default-schedules';
import { fireTimeOf } from './fire-time';
import { nextFire } from './next-fire';

const trialReminders = DEFAULT_SCHEDULES[0];
const at = (iso: string) => new Date(iso);

describe('nextFire', () => {
  const today = at('2026-12-01T09:00:00Z');
  const tomorrow = at('2026-12-02T09:00:00Z');

  it("is today's slot while its jitter runs", () => {
    const now = new Date(today.getTime() + 1_000);
    const expected = fireTimeOf(trialReminders, today) > now ? today : tomorrow;
    const fire = nextFire(trialReminders, at('2026-11-30T09:00:00Z'), now);
    expect(fire).toEqual({ slot: expected, fireAt: fireTimeOf(trialReminders, expected) });
  });

  it("is tomorrow's slot once today's has fired", () => {
    const fire = nextFire(trialReminders, today, at('2026-12-01T09:05:00Z'));
    expect(fire).toEqual({ slot: tomorrow, fireAt: fireTimeOf(trialReminders, tomorrow) });
    expect(nextFire(trialReminders, undefined, at('2026-12-01T09:45:00Z'))?.slot).toEqual(tomorrow);
  });

  it('is undefined for a disabled schedule', () => {
    expect(nextFire({ ...trialReminders, enabled: false }, today, today)).toBeUndefined();
  });

  it('reads the expression in the schedule zone', () => {
    const istanbul = { ...trialReminders, timeZone: 'Europe/Istanbul', jitterMs: 0 };
    expect(nextFire(istanbul, undefined, at('2026-12-01T05:00:00Z'))).toEqual({
      slot: at('2026-12-01T06:00:00Z'),
      fireAt: at('2026-12-01T06:00:00Z'),
    });
  });
});
