import type { ScheduleName } from '@lifecycle/contracts';
import { DEFAULT_SCHEDULES } from './default-schedules';
import { fireTimeOf } from './fire-time';
import type { ScheduleDefinition } from './schedule.definition';
import type { TickPlanInput } from './tick-plan';
import { planTicks } from './tick-planner';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

const hourly: ScheduleDefinition = {
  name: 'trial-expiry',
  cron: '0 * * * *',
  timeZone: 'UTC',
  jitterMs: 0,
  catchUp: 'once',
  catchUpLimit: 24,
  enabled: true,
};

function plan(def: Partial<ScheduleDefinition>, input: Omit<TickPlanInput, 'definitions' | 'lastSlots'> & { lastSlot?: Date }) {
  const definition = { ...hourly, ...def };
  return planTicks({ definitions: [definition], now: input.now, startedAt: input.startedAt, lastSlots: new Map([[definition.name, input.lastSlot]]) });
}

const brief = (ticks: ReturnType<typeof planTicks>['ticks']) => ticks.map((t) => `${t.slot.toISOString().slice(11, 16)} ${t.trigger}`);

describe('planTicks', () => {
  it('fires the slot that came due, once', () => {
    const { ticks, notices } = plan({}, { lastSlot: at('2026-12-01T10:00:00Z'), now: at('2026-12-01T11:00:00Z'), startedAt: at('2026-12-01T08:00:00Z') });
    expect(ticks).toEqual([
      { schedule: 'trial-expiry', slot: at('2026-12-01T11:00:00Z'), fireAt: at('2026-12-01T11:00:00Z'), trigger: 'schedule', tickId: 'trial-expiry@2026-12-01T11:00:00Z' },
    ]);
    expect(notices).toEqual([]);
  });

  it('fires nothing on a restart when nothing was missed', () => {
    expect(plan({}, { lastSlot: at('2026-12-01T10:00:00Z'), now: at('2026-12-01T10:40:00Z'), startedAt: at('2026-12-01T10:39:00Z') })).toEqual({ ticks: [], notices: [] });
  });

  it('fires nothing already fired when the wall clock is set back', () => {
    expect(plan({}, { lastSlot: at('2026-12-01T12:00:00Z'), now: at('2026-12-01T11:00:00Z') })).toEqual({ ticks: [], notices: [] });
  });

  it('fires nothing for a disabled schedule', () => {
    expect(plan({ enabled: false }, { lastSlot: at('2026-12-01T10:00:00Z'), now: at('2026-12-01T13:00:00Z') }).ticks).toEqual([]);
  });

  describe('after downtime across three slots (11:00, 12:00, 13:00)', () => {
    const downtime = { lastSlot: at('2026-12-01T10:00:00Z'), now: at('2026-12-01T13:20:00Z'), startedAt: at('2026-12-01T13:19:00Z') };
    const missed = (first: string, last: string, count: number) => ({
      schedule: 'trial-expiry',
      kind: 'missed-skipped',
      count,
      first: at(`2026-12-01T${first}:00Z`),
      last: at(`2026-12-01T${last}:00Z`),
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
      expect(brief(plan({ catchUp }, { ...downtime, startedAt: at('2026-12-01T08:00:00Z') }).ticks)).toEqual(expected);
    });
  });

  it('caps catch-up `all` to the most recent slots and reports the cap', () => {
    const { ticks, notices } = plan({ catchUp: 'all', catchUpLimit: 2 }, { lastSlot: at('2026-12-01T10:00:00Z'), now: at('2026-12-01T15:30:00Z'), startedAt: at('2026-12-01T15:29:00Z') });
    expect(brief(ticks)).toEqual(['14:00 catch-up', '15:00 catch-up']);
    expect(notices).toEqual([
      { schedule: 'trial-expiry', kind: 'catch-up-capped', missed: 5, fired: 2, first: at('2026-12-01T11:00:00Z'), last: at('2026-12-01T13:00:00Z') },
    ]);
  });

  describe('on the first start (no slot fired yet)', () => {
    const daily = { cron: '0 9 * * *' };

    it('does not fire a slot from before the start', () => {
      expect(plan(daily, { now: at('2026-12-01T12:00:00Z'), startedAt: at('2026-12-01T11:59:00Z') }).ticks).toEqual([]);
    });

    it('fires the first slot after the start, as a scheduled tick', () => {
      expect(brief(plan(daily, { now: at('2026-12-02T09:00:00Z'), startedAt: at('2026-12-01T11:59:00Z') }).ticks)).toEqual(['09:00 schedule']);
    });

    it('without a start time, fires only the latest due slot', () => {
      expect(plan(daily, { now: at('2026-12-05T12:00:00Z') }).ticks.map((t) => t.slot)).toEqual([at('2026-12-05T09:00:00Z')]);
      expect(plan({ ...daily, catchUp: 'all' }, { now: at('2026-12-05T08:00:00Z') }).ticks.map((t) => t.slot)).toEqual([at('2026-12-04T09:00:00Z')]);
    });
  });

  it('does not fire a jittered slot before slot + jitter', () => {
    const def = { ...DEFAULT_SCHEDULES[0] };
    const slot = at('2026-12-01T09:00:00Z');
    const fireAt = fireTimeOf(def, slot);
    expect(fireAt.getTime()).toBeGreaterThan(slot.getTime());
    const input = { lastSlot: at('2026-11-30T09:00:00Z'), startedAt: at('2026-11-01T00:00:00Z') };
    expect(plan(def, { ...input, now: new Date(fireAt.getTime() - 1) }).ticks).toEqual([]);
    expect(plan(def, { ...input, now: fireAt }).ticks).toEqual([
      { schedule: 'trial-reminders', slot, fireAt, trigger: 'schedule', tickId: 'trial-reminders@2026-12-01T09:00:00Z' },
    ]);
  });

  it('orders ticks of several schedules by slot', () => {
    const { ticks } = planTicks({
      definitions: DEFAULT_SCHEDULES.map((d) => ({ ...d, jitterMs: 0, catchUp: 'all' })),
      now: at('2026-12-01T03:00:00Z'),
      lastSlots: new Map(DEFAULT_SCHEDULES.map((d) => [d.name, at('2026-11-30T23:59:00Z')])),
    });
    expect(ticks.map((t) => t.tickId)).toEqual([
      'trial-expiry@2026-12-01T00:00:00Z',
      'payment-retry@2026-12-01T00:00:00Z',
      'workspace-health@2026-12-01T00:00:00Z',
      'email-health@2026-12-01T00:00:00Z',
      ...['00:15', '00:30', '00:45'].map((t) => `workspace-health@2026-12-01T${t}:00Z`),
      'workspace-health@2026-12-01T01:00:00Z',
      'email-health@2026-12-01T01:00:00Z',
      ...['01:15', '01:30', '01:45'].map((t) => `workspace-health@2026-12-01T${t}:00Z`),
      'trial-expiry@2026-12-01T02:00:00Z',
      'workspace-health@2026-12-01T02:00:00Z',
      'email-health@2026-12-01T02:00:00Z',
      'database-backup@2026-12-01T02:00:00Z',
      ...['02:15', '02:30', '02:45'].map((t) => `workspace-health@2026-12-01T${t}:00Z`),
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
    const skew = (minute: number) => (minute >= 2 * 1440 + 600 ? -HOUR : 0) + (minute >= 4 * 1440 && minute < 4 * 1440 + 10 ? -HOUR : 0);
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
      expect({ schedule: def.name, slots: fired.get(def.name) }).toEqual({ schedule: def.name, slots: expectedSlots(def, start, clockEnd) });
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
    const quarterHours = Array.from({ length: (end - start) / (15 * MINUTE) }, (_, i) => new Date(start + (i + 1) * 15 * MINUTE).toISOString());
    expect(fired.filter((id) => id.startsWith('workspace-health@'))).toEqual(quarterHours.map((iso) => `workspace-health@${iso.replace('.000Z', 'Z')}`));
    expect(fired.filter((id) => id.startsWith('trial-reminders@'))).toEqual([
      'trial-reminders@2026-10-31T05:30:00Z',
      'trial-reminders@2026-11-01T05:30:00Z',
      'trial-reminders@2026-11-02T06:30:00Z',
    ]);
  });
});
