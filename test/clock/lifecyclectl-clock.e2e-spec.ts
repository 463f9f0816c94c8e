import { SCHEDULE_NAMES } from '@lifecycle/contracts';
import { ClockWorld } from './clock-world';
import { lifecyclectl, startClockProcess, type ClockProcess } from './clock-processes';

jest.setTimeout(90_000);

describe('lifecyclectl timers, tick and clock', () => {
  let world: ClockWorld;
  let clock: ClockProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await ClockWorld.create({ relay: false });
    env = { DATABASE_URL: world.db.url, LIFECYCLE_NAMESPACE: world.namespace.value, CLOCK_MODE: 'simulated' };
    clock = await startClockProcess({ ...env, CLOCK_START: '2026-12-01T00:00:00Z' });
  });

  afterAll(async () => {
    await clock.stop();
    await world.dispose();
  });

  it('timers lists every schedule with its next slot, soonest first', async () => {
    const text = await lifecyclectl(['timers'], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^NEXT +LEFT +LAST +PASSED +UNIT +DESCRIPTION$/);
    expect(lines[1]).toMatch(/^2026-12-01 00:15:00 UTC +15min left +- +- +workspace-health +every 15m UTC, catch-up skip$/);
    for (const schedule of SCHEDULE_NAMES) expect(text.stdout).toMatch(new RegExp(`UTC +\\S+ (\\S+ )?left .* ${schedule} `));
    expect(text.stdout).toContain('9 timers listed.');
    expect(text.stdout).toContain('now: 2026-12-01T00:00:00Z (simulated)');

    const json = JSON.parse((await lifecyclectl(['timers', '--json'], env)).stdout);
    expect(json.timers.map((t: { schedule: string }) => t.schedule).sort()).toEqual([...SCHEDULE_NAMES].sort());
    const next = json.timers.map((t: { next: { fireAt: string } }) => t.next.fireAt);
    expect(next).toEqual([...next].sort());
    expect(json.timers.find((t: { schedule: string }) => t.schedule === 'trial-expiry').next).toEqual({
      slot: '2026-12-01T02:00:00Z',
      fireAt: '2026-12-01T02:00:00Z',
      leftMs: 2 * 3_600_000,
    });
  });

  it('tick trial-expiry puts one manual tick on the stream', async () => {
    const run = await lifecyclectl(['tick', 'trial-expiry'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^clock now 2026-12-01T00:00:00.000Z; 1 tick\(s\) published:\n {2}trial-expiry@2026-12-01T00:00:00Z#manual-[0-9a-f]{12} {2}manual\n$/);
    const ticks = await world.streamTicks();
    expect(ticks).toHaveLength(1);
    expect(ticks[0].id).toBe(run.stdout.split('\n')[1].trim().split(/\s+/)[0]);
    expect(ticks[0].data).toEqual({ schedule: 'trial-expiry', scheduledAt: '2026-12-01T00:00:00Z', firedAt: '2026-12-01T00:00:00.000Z', trigger: 'manual' });
    expect(await world.dataSource.query(`SELECT * FROM clock_slots`)).toEqual([]);
  });

  it('tick --at replays a past slot with its own id; a future --at is refused', async () => {
    const replay = await lifecyclectl(['tick', 'trial-expiry', '--at', '2026-11-30T22:00:00Z', '--json'], env);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).ticks[0].scheduledAt).toBe('2026-11-30T22:00:00Z');
    const future = await lifecyclectl(['tick', 'trial-expiry', '--at', '2026-12-01T02:00:00Z'], env);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain("is later than the clock's now (2026-12-01T00:00:00Z)");
    expect(await world.streamTicks()).toHaveLength(2);
  });

  it('clock advance fires the slots passed; timers then shows them as LAST', async () => {
    const run = await lifecyclectl(['clock', 'advance', '2h'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toBe('clock now 2026-12-01T02:00:00.000Z; 12 tick(s) published:');
    const timers = JSON.parse((await lifecyclectl(['timers', '--json'], env)).stdout);
    expect(timers.timers.find((t: { schedule: string }) => t.schedule === 'trial-expiry').last).toEqual({
      slot: '2026-12-01T02:00:00Z',
      firedAt: '2026-12-01T02:00:00Z',
      trigger: 'simulated',
      passedMs: 0,
    });
    const set = await lifecyclectl(['clock', 'set', '2026-12-01T01:00:00Z'], env);
    expect(set).toMatchObject({ code: 0, stdout: 'clock now 2026-12-01T01:00:00.000Z; no ticks fired\n' });
  });

  it.each([
    [['tick', 'trial-expiri'], 'unknown schedule "trial-expiri"; valid schedules: trial-reminders, trial-expiry, renewal-reminders,'],
    [['clock', 'advance', '3 days'], 'invalid duration "3 days": use a number with a unit'],
    [['clock', 'set', 'tomorrow'], 'time "tomorrow" is not an ISO-8601 time'],
  ])('%j exits 1 with a clear error', async (args, message) => {
    const run = await lifecyclectl(args, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('says so when no clock answers', async () => {
    const run = await lifecyclectl(['tick', 'trial-expiry'], { ...env, LIFECYCLE_NAMESPACE: `${world.namespace.value}x` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no clock service answered on clock.control.run: is the clock running, with the same NATS_URL and LIFECYCLE_NAMESPACE?');
  });

  it('clock advance against a clock in system mode is refused with the reason', async () => {
    const other = await ClockWorld.create({ relay: false });
    const systemEnv = { DATABASE_URL: other.db.url, LIFECYCLE_NAMESPACE: other.namespace.value };
    const systemClock = await startClockProcess({ ...systemEnv, CLOCK_MODE: 'system' });
    try {
      const run = await lifecyclectl(['clock', 'advance', '1d'], systemEnv);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the clock runs in system mode (CLOCK_MODE=system): advance needs CLOCK_MODE=simulated');
      const timers = await lifecyclectl(['timers'], systemEnv);
      expect(timers.code).toBe(0);
      expect(timers.stdout).toContain('(wall clock)');
    } finally {
      await systemClock.stop();
      await other.dispose();
    }
  });
});
