import type { Envelope } from '@lifecycle/contracts';
import { expectedSlots } from './checkers/schedule-model';
import { compareCounts, once, tally } from './checkers/tally';
import { ChaosWorld } from './support/chaos-world';
import { clockControl, type ClockReply } from './support/clock-control';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';

const START = '2026-12-01T00:00:00Z';

describe('scenario 7: simulated time moved backwards and forwards, a clock replica killed mid-move', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('07-clock-jumps');
  });

  afterAll(() => world?.dispose());

  it('fires every slot once: none twice after going back, none missed after jumping ahead or a crash', async () => {
    const started = Date.now();
    const env = { CLOCK_MODE: 'simulated', CLOCK_START: START };
    const replicas = [
      await world.start({ app: 'clock', name: 'clock-a', env: { ...env, CLOCK_REPLICA_ID: 'clock-a' } }),
      await world.start({ app: 'clock', name: 'clock-b', env: { ...env, CLOCK_REPLICA_ID: 'clock-b' } }),
    ];
    const moves: string[] = [];
    const move = async (verb: 'advance' | 'set', value: string): Promise<ClockReply> => {
      const reply = await clockControl(world.nc, world.namespace, verb, verb === 'advance' ? { duration: value } : { at: value });
      moves.push(`${verb} ${value}: ${reply ? `${reply.ok ? 'ok' : reply.error} now ${reply.now}, ${reply.ticks?.length ?? 0} ticks` : 'no reply'}`);
      if (!reply?.ok) throw new Error(`clock ${verb} ${value} failed: ${JSON.stringify(reply)}`);
      return reply;
    };

    await move('advance', '1d');
    expect((await move('set', '2026-12-01T12:00:00Z')).ticks).toEqual([]);
    expect((await move('advance', '6h')).ticks).toEqual([]);
    await move('advance', '12h');
    await move('set', '2026-12-04T00:00:00Z');
    await move('set', '2026-12-03T00:00:00Z');

    // a long move, and the replica answering it (the one claiming its slots) dies part-way: no reply, set again
    const pending = clockControl(world.nc, world.namespace, 'set', { at: '2026-12-06T00:00:00Z' }, 8_000);
    const claimer = await eventually(
      async () => (await world.pool.query<{ claimed_by: string; n: number }>(
        `SELECT claimed_by, count(*)::int AS n FROM clock_slots WHERE slot > '2026-12-04T00:00:00' GROUP BY claimed_by ORDER BY n DESC LIMIT 1`,
      )).rows[0],
      (row) => (row?.n ?? 0) >= 30,
      30_000,
      'the move under way',
      10,
    );
    const victim = replicas.find((r) => r.name === claimer.claimed_by)!;
    await victim.kill('SIGKILL');
    const firedBeforeKill = claimer.n;
    const interrupted = await pending;
    moves.push(`set 2026-12-06T00:00:00Z, ${victim.name} (answering) SIGKILLed after ${firedBeforeKill} slots: ${interrupted ? `${interrupted.ok ? 'ok' : interrupted.error}, ${interrupted.ticks?.length} ticks` : 'no reply'}`);
    victim.spawn();
    await victim.waitReady();
    await move('set', '2026-12-06T00:00:00Z');

    await move('advance', '1d');
    await move('set', '2026-12-05T00:00:00Z');
    expect((await move('advance', '2d')).ticks).toEqual([]);
    await move('advance', '3h');

    const end = new Date('2026-12-07T03:00:00Z');
    const expected = expectedSlots(new Date(START), end);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ticks = await world.envelopes<Envelope<'clock.tick.trial-expiry'>>('CLOCK');
    expect(compareCounts('ticks by id', once(expected.map((s) => s.id)), tally(ticks, (t) => t.id))).toEqual([]);
    expect(ticks.filter((t) => t.data.trigger !== 'simulated' || Date.parse(t.data.scheduledAt) !== Date.parse(t.data.firedAt)).map((t) => t.id)).toEqual([]);
    // per schedule, stream order is slot order
    const outOfOrder = [...new Set(ticks.map((t) => t.data.schedule))].filter((schedule) => {
      const times = ticks.filter((t) => t.data.schedule === schedule).map((t) => Date.parse(t.data.scheduledAt));
      return times.some((t, i) => i > 0 && t <= times[i - 1]);
    });
    expect(outOfOrder).toEqual([]);
    expect(await world.count(`SELECT count(*) FROM clock_slots`)).toBe(expected.length);
    recordResult({
      scenario: '7 simulated clock jumps',
      injected: 'advance 1d, set back 12 h, advance 6h, advance 12h, set +42 h, set back 1d, set +3d with the answering replica (of 2) SIGKILLed after its first 30 slots, then set again, advance 1d, set back 2d, advance 2d, advance 3h',
      operations: { replicas: 2, moves: moves.length, ticks: ticks.length, expectedSlots: expected.length },
      checks: ['every slot of every schedule in (start, furthest time] on the CLOCK stream once', 'none fired when moving back or forward over fired slots', 'trigger simulated, firedAt = scheduledAt', 'slot order per schedule', 'one clock_slots row per slot'],
      durationMs: Date.now() - started,
      notes: moves,
    });
  });
});
