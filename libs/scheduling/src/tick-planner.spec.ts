import { tickId, type ScheduleName } from '@lifecycle/contracts';
import { DEFAULT_SCHEDULES } from './default-schedules';
import { fireTimeOf } from './fire-time';
import type { ScheduleDefinition } from './schedule.definition';
import type { PlannedTick } from './tick-plan';
import { planTicks } from './tick-planner';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const hourly: ScheduleDefinition = {
  name: 'trial-expiry',
  cron: '0 * * * *',
  timeZone: 'UTC',
  jitterMs: 0,
  catchUp: 'once',
  catchUpLimit: 24,
  enabled: true,
};

/** A time on 2026-12-01 (`'13:20'`) or a full ISO timestamp. */
const at = (time: string) => new Date(time.length === 5 ? `2026-12-01T${time}:00Z` : time);

function plan(override: Partial<ScheduleDefinition>, times: { last?: string; now: string; started?: string }) {
  const definition = { ...hourly, ...override };
  return planTicks({
    definitions: [definition],
    now: at(times.now),
    lastSlots: new Map([[definition.name, times.last === undefined ? undefined : at(times.last)]]),
    startedAt: times.started === undefined ? undefined : at(times.started),
  });
}

const brief = (ticks: PlannedTick[]) => ticks.map((t) => `${t.slot.toISOString().slice(11, 16)} ${t.trigger}`);

describe('planTicks', () => {
  it('fires the slot that came due, once', () => {
    expect(plan({}, { last: '10:00', now: '11:00', started: '08:00' })).toEqual({
      ticks: [
        {
          schedule: 'trial-expiry',
          slot: at('11:00'),
          fireAt: at('11:00'),
          trigger: 'schedule',
          tickId: 'trial-expiry@2026-12-01T11:00:00Z',
        },
      ],
      notices: [],
    });
  });

  it('fires nothing on a restart when nothing was missed', () => {
    expect(plan({}, { last: '10:00', now: '10:40', started: '10:39' })).toEqual({ ticks: [], notices: [] });
  });

  it('fires nothing already fired when the wall clock is set back', () => {
    expect(plan({}, { last: '12:00', now: '11:00' })).toEqual({ ticks: [], notices: [] });
  });

  it('fires nothing for a disabled schedule', () => {
    expect(plan({ enabled: false }, { last: '10:00', now: '13:00' }).ticks).toEqual([]);
  });

  describe('after downtime across three slots (11:00, 12:00, 13:00)', () => {
    const downtime = { last: '10:00', now: '13:20', started: '13:19' };
    const missed = (first: string, last: string, count: number) => ({
      schedule: 'trial-expiry',
      kind: 'missed-skipped',
      count,
      first: at(first),
      last: at(last),
    });

    it.each([
      ['once', ['13:00 catch-up'], [missed('11:00', '12:00', 2)]],
      ['all', ['11:00 catch-up', '12:00 catch-up', '13:00 catch-up'], []],
      ['skip', [], [missed('11:00', '13:00', 3)]],
    ] as const)('%s fires %j', (catchUp, expected, notices) => {
      const result = plan({ catchUp }, downtime);
      expect(brief(result.ticks)).toEqual(expected);
      expect(result.notices).toEqual(notices);
    });

    it.each([
      ['once', ['13:00 catch-up']],
      ['all', ['11:00 catch-up', '12:00 catch-up', '13:00 schedule']],
      ['skip', ['13:00 schedule']],
    ] as const)('when the clock was running and set forward, %s fires %j', (catchUp, expected) => {
      expect(brief(plan({ catchUp }, { ...downtime, started: '08:00' }).ticks)).toEqual(expected);
    });
  });

  it('caps catch-up `all` to the most recent slots and reports the cap', () => {
    const { ticks, notices } = plan({ catchUp: 'all', catchUpLimit: 2 }, { last: '10:00', now: '15:30', started: '15:29' });
    expect(brief(ticks)).toEqual(['14:00 catch-up', '15:00 catch-up']);
    expect(notices).toEqual([
      { schedule: 'trial-expiry', kind: 'catch-up-capped', missed: 5, fired: 2, first: at('11:00'), last: at('13:00') },
    ]);
  });

  describe('on the first start (no slot fired yet)', () => {
    const daily = { cron: '0 9 * * *' };

    it('does not fire a slot from before the start', () => {
      expect(plan(daily, { now: '12:00', started: '11:59' }).ticks).toEqual([]);
    });

    it('fires the first slot after the start, as a scheduled tick', () => {
      expect(brief(plan(daily, { now: '2026-12-02T09:00:00Z', started: '11:59' }).ticks)).toEqual(['09:00 schedule']);
    });

    it('without a start time, fires only the latest due slot', () => {
      expect(plan(daily, { now: '2026-12-05T12:00:00Z' }).ticks.map((t) => t.slot)).toEqual([at('2026-12-05T09:00:00Z')]);
      const all = plan({ ...daily, catchUp: 'all' }, { now: '2026-12-05T08:00:00Z' });
      expect(all.ticks.map((t) => t.slot)).toEqual([at('2026-12-04T09:00:00Z')]);
    });
  });

  it('does not fire a jittered slot before slot + jitter', () => {
    const trialReminders = DEFAULT_SCHEDULES[0];
    const slot = at('09:00');
    const fireAt = fireTimeOf(trialReminders, slot);
    expect(fireAt.getTime()).toBeGreaterThan(slot.getTime());
    const times = { last: '2026-11-30T09:00:00Z', started: '2026-11-01T00:00:00Z' };
    expect(plan(trialReminders, { ...times, now: new Date(fireAt.getTime() - 1).toISOString() }).ticks).toEqual([]);
    expect(plan(trialReminders, { ...times, now: fireAt.toISOString() }).ticks).toEqual([
      { schedule: 'trial-reminders', slot, fireAt, trigger: 'schedule', tickId: 'trial-reminders@2026-12-01T09:00:00Z' },
    ]);
  });

  it('fires slots in order and never early when the jitter exceeds the interval', () => {
    const def: ScheduleDefinition = { ...hourly, cron: '*/5 * * * *', jitterMs: 20 * MINUTE, catchUp: 'all' };
    const lastSlots = new Map<ScheduleName, Date | undefined>([[def.name, at('00:00')]]);
    const fired: number[] = [];
    for (let now = at('00:00').getTime(); now <= at('06:00').getTime(); now += MINUTE) {
      for (const tick of planTicks({ definitions: [def], now: new Date(now), lastSlots }).ticks) {
        expect(tick.fireAt.getTime()).toBeLessThanOrEqual(now);
        fired.push(tick.slot.getTime());
        lastSlots.set(def.name, tick.slot);
      }
    }
    expect(fired.length).toBeGreaterThan(60);
    fired.forEach((slot, i) => expect(slot).toBe(at('00:05').getTime() + i * 5 * MINUTE));
  });

  it('orders ticks of several schedules by slot', () => {
    const { ticks } = planTicks({
      definitions: DEFAULT_SCHEDULES.map((d) => ({ ...d, jitterMs: 0, catchUp: 'all' })),
      now: at('03:00'),
      lastSlots: new Map(DEFAULT_SCHEDULES.map((d) => [d.name, at('2026-11-30T23:59:00Z')])),
    });
    const quarters = (hour: string) => ['15', '30', '45'].map((minute) => `workspace-health@2026-12-01T${hour}:${minute}:00Z`);
    expect(ticks.map((t) => t.tickId)).toEqual([
      'trial-expiry@2026-12-01T00:00:00Z',
      'payment-retry@2026-12-01T00:00:00Z',
      'workspace-health@2026-12-01T00:00:00Z',
      'email-health@2026-12-01T00:00:00Z',
      ...quarters('00'),
      'workspace-health@2026-12-01T01:00:00Z',
      'email-health@2026-12-01T01:00:00Z',
      ...quarters('01'),
      'trial-expiry@2026-12-01T02:00:00Z',
      'workspace-health@2026-12-01T02:00:00Z',
      'email-health@2026-12-01T02:00:00Z',
      'database-backup@2026-12-01T02:00:00Z',
      ...quarters('02'),
      'workspace-health@2026-12-01T03:00:00Z',
      'email-health@2026-12-01T03:00:00Z',
      'data-retention@2026-12-01T03:00:00Z',
    ]);
  });
});

describe('planTicks over a simulated week', () => {
  // Slots computed without cron: every `period` from midnight UTC, shifted by `offset`.
  const arithmetic: Record<ScheduleName, { period: number; offset: number }> = {
    'trial-reminders': { period: 24 * HOUR, offset: 9 * HOUR },
    'trial-expiry': { period: 2 * HOUR, offset: 0 },
    'renewal-reminders': { period: 24 * HOUR, offset: 10 * HOUR },
    'payment-retry': { period: 6 * HOUR, offset: 0 },
    'workspace-health': { period: 15 * MINUTE, offset: 0 },
    'billing-health': { period: 24 * HOUR, offset: 8 * HOUR },
    'email-health': { period: HOUR, offset: 0 },
    'data-retention': { period: 24 * HOUR, offset: 3 * HOUR },
    'database-backup': { period: 24 * HOUR, offset: 2 * HOUR },
  };

  function expectedSlots(def: ScheduleDefinition, from: number, until: number): string[] {
    const { period, offset } = arithmetic[def.name];
    const slots: string[] = [];
    for (let slot = Math.ceil((from - offset) / period) * period + offset; slot <= until; slot += period) {
      if (fireTimeOf(def, new Date(slot)) <= new Date(until)) slots.push(new Date(slot).toISOString());
    }
    return slots;
  }

  it('fires every slot exactly once, never early, through a clock set back an hour and forward again', () => {
    const start = Date.parse('2026-11-30T00:00:30Z');
    const end = start + 7 * 24 * HOUR;
    const fired = new Map<ScheduleName, string[]>(DEFAULT_SCHEDULES.map((d) => [d.name, []]));
    const lastSlots = new Map<ScheduleName, Date | undefined>();
    const startedAt = new Date(start);
    // Real minutes pass; the wall clock is set back an hour on day 2 (and simply runs on), and on
    // day 4 set back an hour and, ten minutes later, forward an hour again.
    const setBack = (minute: number) => minute >= 2 * 1440 + 600;
    const setBackBriefly = (minute: number) => minute >= 4 * 1440 && minute < 4 * 1440 + 10;
    const skew = (minute: number) => (setBack(minute) ? -HOUR : 0) + (setBackBriefly(minute) ? -HOUR : 0);
    const clockEnd = end - HOUR;
    for (let minute = 0; start + minute * MINUTE + skew(minute) <= clockEnd; minute++) {
      const now = new Date(start + minute * MINUTE + skew(minute));
      const { ticks, notices } = planTicks({ definitions: DEFAULT_SCHEDULES, now, lastSlots, startedAt });
      expect(notices).toEqual([]);
      for (const tick of ticks) {
        expect(tick.fireAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(tick.trigger).toBe('schedule');
        fired.get(tick.schedule)!.push(tick.slot.toISOString());
        lastSlots.set(tick.schedule, tick.slot);
      }
    }
    for (const def of DEFAULT_SCHEDULES) {
      const expected = expectedSlots(def, start, clockEnd);
      expect({ schedule: def.name, slots: fired.get(def.name) }).toEqual({ schedule: def.name, slots: expected });
    }
  });
});

describe('planTicks across a fall-back in America/New_York', () => {
  it('fires each slot once while the wall clock repeats an hour', () => {
    const definitions: ScheduleDefinition[] = [
      { ...hourly, name: 'workspace-health', cron: '*/15 * * * *', timeZone: 'America/New_York', catchUp: 'skip' },
      { ...hourly, name: 'trial-reminders', cron: '30 1 * * *', timeZone: 'America/New_York', jitterMs: 30 * MINUTE },
    ];
    const start = Date.parse('2026-10-31T00:00:00Z');
    const end = Date.parse('2026-11-02T12:00:00Z');
    const lastSlots = new Map<ScheduleName, Date | undefined>();
    const fired: string[] = [];
    for (let now = start; now <= end; now += MINUTE) {
      for (const tick of planTicks({ definitions, now: new Date(now), lastSlots, startedAt: new Date(start) }).ticks) {
        fired.push(tick.tickId);
        lastSlots.set(tick.schedule, tick.slot);
      }
    }
    const quarterHours = Array.from({ length: (end - start) / (15 * MINUTE) + 1 }, (_, i) => new Date(start + i * 15 * MINUTE));
    const health = fired.filter((id) => id.startsWith('workspace-health@'));
    expect(health).toEqual(quarterHours.map((slot) => tickId('workspace-health', slot)));
    expect(fired.filter((id) => id.startsWith('trial-reminders@'))).toEqual([
      'trial-reminders@2026-10-31T05:30:00Z',
      'trial-reminders@2026-11-01T05:30:00Z',
      'trial-reminders@2026-11-02T06:30:00Z',
    ]);
  });
});
