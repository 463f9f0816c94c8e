import { ClockRunner, FireDueTicks } from '@lifecycle/clock';
import { tickId } from '@lifecycle/contracts';
import { DEFAULT_SCHEDULES, fireTimeOf, slotsBetween } from '@lifecycle/scheduling';
import { FakeClock } from '@lifecycle/time';
import { ClockWorld, HOUR, MINUTE, Recorder } from './clock-world';

describe('a wall clock that jumps back an hour and forward again', () => {
  let world: ClockWorld;

  beforeAll(async () => {
    world = await ClockWorld.create();
  });

  afterAll(() => world.dispose());

  it('fires every slot of every default schedule exactly once, never before its time, and misses none', async () => {
    const start = Date.parse('2026-12-01T00:00:30Z');
    const end = start + 8 * HOUR;
    const clock = new FakeClock(new Date(start));
    const recorder = new Recorder();
    const fireDue = new FireDueTicks(world.store, recorder.metrics, recorder.log, {
      definitions: DEFAULT_SCHEDULES,
      replicaId: 'jumpy',
      startedAt: clock.now(),
    });
    const runner = new ClockRunner(fireDue, clock, recorder.log);

    // One step per real minute. From 05:01:30 to 05:20:30 (real time) the machine's clock shows an hour
    // less (set back, then forward again by NTP or an operator), hiding the 05:15 slot until it returns.
    const firedEarly: string[] = [];
    let refireAttempts = 0;
    for (let real = start; real <= end; real += MINUTE) {
      const skewed = real >= start + 5 * HOUR + MINUTE && real < start + 5 * HOUR + 21 * MINUTE;
      clock.set(new Date(skewed ? real - HOUR : real));
      const { fired, lost } = await runner.runOnce();
      refireAttempts += lost;
      for (const tick of fired) {
        const def = DEFAULT_SCHEDULES.find((d) => d.name === tick.schedule)!;
        if (fireTimeOf(def, tick.scheduledAt) > clock.now()) firedEarly.push(tick.id);
      }
    }
    expect(firedEarly).toEqual([]);
    // Not even attempted: the watermark, not the unique claim, keeps the set-back clock from re-firing.
    expect(refireAttempts).toBe(0);

    const ticks = await world.publishedTicks();
    const expected = DEFAULT_SCHEDULES.flatMap((def) =>
      slotsBetween(def, new Date(start), new Date(end), 1_000)
        .slots.filter((slot) => fireTimeOf(def, slot).getTime() <= end)
        .map((slot) => tickId(def.name, slot)),
    );
    expect(expected.length).toBeGreaterThan(40);
    expect(expected).toContain('workspace-health@2026-12-01T05:15:00Z');
    expect(ticks.map((t) => t.id).sort()).toEqual([...expected].sort());
    expect(new Set(ticks.map((t) => t.data.trigger))).toEqual(new Set(['schedule']));
    expect(recorder.ticked).toHaveLength(expected.length);
    expect(recorder.missedSlots.size).toBe(0);

    // The slot hidden by the jump fired when the clock came back, six minutes late, not an hour early or twice.
    const late = ticks.find((t) => t.id === 'workspace-health@2026-12-01T05:15:00Z')!;
    expect(late.data.firedAt).toBe('2026-12-01T05:21:30.000Z');
    const slotRows: { n: number }[] = await world.dataSource.query(`SELECT count(*)::int AS n FROM clock_slots`);
    expect(slotRows[0].n).toBe(expected.length);
  });
});
