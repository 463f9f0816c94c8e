import { ClockRunner, FireDueTicks } from '@lifecycle/clock';
import { DEFAULT_SCHEDULES, type ScheduleDefinition } from '@lifecycle/scheduling';
import { FakeClock } from '@lifecycle/time';
import { ClockWorld, Recorder, type Tick } from './clock-world';

// Four schedules on the same 2-hourly slots, one per catch-up policy; the others are disabled.
const EVERY_2H = { cron: '0 */2 * * *', jitterMs: 0 };
const definitions: ScheduleDefinition[] = DEFAULT_SCHEDULES.map((def) => {
  switch (def.name) {
    case 'trial-expiry':
      return { ...def, ...EVERY_2H, catchUp: 'once' };
    case 'payment-retry':
      return { ...def, ...EVERY_2H, catchUp: 'all' };
    case 'workspace-health':
      return { ...def, ...EVERY_2H, catchUp: 'skip' };
    case 'billing-health':
      return { ...def, ...EVERY_2H, catchUp: 'all', catchUpLimit: 2 };
    default:
      return { ...def, enabled: false };
  }
});

/** A clock process: a runner over its own FireDueTicks, started at the fake clock's current time. */
function startClock(world: ClockWorld, clock: FakeClock, recorder: Recorder, replicaId: string): ClockRunner {
  const fireDue = new FireDueTicks(world.store, recorder.metrics, recorder.log, { definitions, replicaId, startedAt: clock.now() });
  return new ClockRunner(fireDue, clock, recorder.log);
}

const summary = (ticks: Tick[], schedule: string) =>
  ticks.filter((t) => t.data.schedule === schedule).map((t) => `${t.data.scheduledAt} ${t.data.trigger}`);

describe('a clock down across three slots, then restarted', () => {
  let world: ClockWorld;
  let beforeDowntime: Tick[];
  let afterRestart: Tick[];
  let afterSecondRestart: Tick[];
  const restarted = new Recorder();

  beforeAll(async () => {
    world = await ClockWorld.create();
    const clock = new FakeClock('2026-12-01T09:59:00Z');
    const first = startClock(world, clock, new Recorder(), 'replica-a');
    await first.runOnce();
    clock.set('2026-12-01T10:00:30Z');
    await first.runOnce();
    beforeDowntime = await world.publishedTicks();

    // Down from 10:01 to 16:30: the slots 12:00, 14:00 and 16:00 pass while no clock runs.
    clock.set('2026-12-01T16:30:00Z');
    await startClock(world, clock, restarted, 'replica-b').runOnce();
    afterRestart = (await world.publishedTicks()).slice(beforeDowntime.length);

    clock.set('2026-12-01T16:40:00Z');
    await startClock(world, clock, new Recorder(), 'replica-c').runOnce();
    afterSecondRestart = (await world.publishedTicks()).slice(beforeDowntime.length + afterRestart.length);
  });

  afterAll(() => world.dispose());

  it('fired the 10:00 slot of every schedule while it ran', () => {
    expect(beforeDowntime.map((t) => t.id).sort()).toEqual([
      'billing-health@2026-12-01T10:00:00Z',
      'payment-retry@2026-12-01T10:00:00Z',
      'trial-expiry@2026-12-01T10:00:00Z',
      'workspace-health@2026-12-01T10:00:00Z',
    ]);
    expect(beforeDowntime.every((t) => t.data.trigger === 'schedule')).toBe(true);
  });

  it('once: fires one tick, the latest missed slot, as a catch-up', () => {
    expect(summary(afterRestart, 'trial-expiry')).toEqual(['2026-12-01T16:00:00Z catch-up']);
    expect(restarted.missedSlots.get('trial-expiry')).toBe(2);
  });

  it('all: fires the three missed slots in order', () => {
    expect(summary(afterRestart, 'payment-retry')).toEqual([
      '2026-12-01T12:00:00Z catch-up',
      '2026-12-01T14:00:00Z catch-up',
      '2026-12-01T16:00:00Z catch-up',
    ]);
    expect(restarted.missedSlots.get('payment-retry')).toBeUndefined();
  });

  it('all with catchUpLimit 2: fires the latest two and logs the cap', () => {
    expect(summary(afterRestart, 'billing-health')).toEqual(['2026-12-01T14:00:00Z catch-up', '2026-12-01T16:00:00Z catch-up']);
    expect(restarted.missedSlots.get('billing-health')).toBe(1);
    expect(restarted.warnings()).toContainEqual(expect.stringMatching(/^billing-health: 3 slots missed; .* latest 2 \(catchUpLimit\), 1 not fired/));
  });

  it('skip: fires none, and reports the three missed slots', () => {
    expect(summary(afterRestart, 'workspace-health')).toEqual([]);
    expect(restarted.missedSlots.get('workspace-health')).toBe(3);
    expect(restarted.warnings()).toContainEqual(
      'workspace-health: 3 missed slot(s) not fired (2026-12-01T12:00:00Z..2026-12-01T16:00:00Z), catch-up skip',
    );
  });

  it('records each catch-up in clock_slots with the replica that fired it, and its lag', async () => {
    const rows = await world.dataSource.query(`SELECT tick_id, "trigger", claimed_by FROM clock_slots WHERE claimed_by = 'replica-b' ORDER BY slot, tick_id`);
    expect(rows).toHaveLength(6);
    expect(restarted.ticked.find((t) => t.schedule === 'payment-retry')).toEqual({ schedule: 'payment-retry', trigger: 'catch-up', lagSeconds: 4.5 * 3600 });
  });

  it('a restart with nothing missed fires nothing', () => {
    expect(afterSecondRestart).toEqual([]);
  });
});
