import { CLOCK_CONTROL, requestClock, SharedSimulatedClock } from '@lifecycle/clock';
import { tickId } from '@lifecycle/contracts';
import { DEFAULT_SCHEDULES, slotsBetween } from '@lifecycle/scheduling';
import { ClockWorld, DAY } from './clock-world';
import { counterTotal, startClockProcess, type ClockProcess } from './clock-processes';

jest.setTimeout(180_000);

const START = '2026-11-30T00:00:00Z';

describe('two clock processes on one database, a simulated week', () => {
  let world: ClockWorld;
  let clocks: ClockProcess[] = [];

  beforeAll(async () => {
    world = await ClockWorld.create({ relay: false });
    const env = { DATABASE_URL: world.db.url, LIFECYCLE_NAMESPACE: world.namespace.value, CLOCK_MODE: 'simulated', CLOCK_START: START };
    clocks = await Promise.all(['replica-1', 'replica-2'].map((id) => startClockProcess({ ...env, CLOCK_REPLICA_ID: id })));
  });

  afterAll(async () => {
    await Promise.all(clocks.map((clock) => clock.stop()));
    await world.dispose();
  });

  it("puts each slot's tick on the stream exactly once, in slot order, none missing", async () => {
    // 28 requests of 6 h, two at a time: they take turns (one replica answers each) and move time by their sum.
    const replied: string[] = [];
    for (let round = 0; round < 14; round++) {
      const replies = await Promise.all(
        [0, 1].map(() => requestClock(world.nc, world.namespace, CLOCK_CONTROL.advance, { duration: '6h' }, 60_000)),
      );
      for (const reply of replies) {
        if (!reply.ok) throw new Error(reply.error);
        replied.push(...reply.ticks.map((t) => t.id));
      }
    }
    const end = new Date(Date.parse(START) + 7 * DAY);
    expect(await SharedSimulatedClock.read(world.nc, world.namespace)).toEqual(end);

    const expected = DEFAULT_SCHEDULES.flatMap((def) =>
      slotsBetween(def, new Date(START), end, 10_000).slots.map((slot) => tickId(def.name, slot)),
    );
    expect(expected).toHaveLength(7 * (96 + 24 + 12 + 4 + 5));

    // Replies are sent after their ticks are published: the stream holds them all already.
    const ticks = await world.streamTicks();
    expect(ticks).toHaveLength(expected.length);
    expect(ticks.map((t) => t.id).sort()).toEqual([...expected].sort());
    expect(ticks.every((t) => t.data.trigger === 'simulated' && t.data.firedAt === new Date(t.data.scheduledAt).toISOString())).toBe(true);
    const scheduledAt = ticks.map((t) => Date.parse(t.data.scheduledAt));
    expect(scheduledAt).toEqual([...scheduledAt].sort((a, b) => a - b));

    // JetStream's duplicate window would hide a second publish, so count what each replica fired instead.
    expect([...replied].sort()).toEqual([...expected].sort());
    const fired = await Promise.all(clocks.map((clock) => counterTotal(clock.base, 'lifecycle_clock_ticks_total')));
    expect(fired[0] + fired[1]).toBe(expected.length);
    const replicas: { claimed_by: string }[] = await world.dataSource.query(`SELECT DISTINCT claimed_by FROM clock_slots ORDER BY 1`);
    expect(replicas.map((r) => r.claimed_by)).toEqual(['replica-1', 'replica-2']);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await Promise.all(clocks.map((clock) => clock.stop()))).toEqual([0, 0]);
  });
});
