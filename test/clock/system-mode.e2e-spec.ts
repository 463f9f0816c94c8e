import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClockWorld, eventually } from './clock-world';
import { counterTotal, startClockProcess } from './clock-processes';

jest.setTimeout(120_000);

// Every 2 s (6-field cron, seconds first), so a real process shows real firing within seconds.
const SCHEDULES = `schedules:
  workspace-health: { cron: "*/2 * * * * *", catchUp: skip }
  trial-expiry: { cron: "*/2 * * * * *", catchUp: once }
  trial-reminders: { enabled: false }
  renewal-reminders: { enabled: false }
  payment-retry: { enabled: false }
  billing-health: { enabled: false }
  email-health: { enabled: false }
  data-retention: { enabled: false }
  database-backup: { enabled: false }
`;

describe('the clock on the wall clock, as a process', () => {
  let world: ClockWorld;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await ClockWorld.create({ relay: false });
    dir = mkdtempSync(join(tmpdir(), 'lc-schedules-'));
    writeFileSync(join(dir, 'schedules.yaml'), SCHEDULES);
    env = { DATABASE_URL: world.db.url, LIFECYCLE_NAMESPACE: world.namespace.value, SCHEDULES_FILE: join(dir, 'schedules.yaml') };
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await world.dispose();
  });

  it('fires each slot once, on time and never early; after a crash, catches up by policy', async () => {
    const clock = await startClockProcess({ ...env, CLOCK_MODE: 'system', CLOCK_REPLICA_ID: 'first' });
    await eventually(() => world.streamTicks(), (ticks) => ticks.filter((t) => t.data.schedule === 'trial-expiry').length >= 3);
    clock.child.kill('SIGKILL');
    await clock.exited;
    const beforeCrash = await world.streamTicks();
    for (const tick of beforeCrash) {
      const lag = Date.parse(tick.data.firedAt) - Date.parse(tick.data.scheduledAt);
      expect({ id: tick.id, early: lag < 0, trigger: tick.data.trigger }).toEqual({ id: tick.id, early: false, trigger: 'schedule' });
      expect(lag).toBeLessThan(1_500);
    }

    // Down for at least three slots.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    const restarted = await startClockProcess({ ...env, CLOCK_MODE: 'system', CLOCK_REPLICA_ID: 'second' });
    try {
      const after = await eventually(
        () => world.streamTicks(),
        (ticks) => ticks.some((t) => t.data.trigger === 'catch-up'),
      );
      const catchUps = after.filter((t) => t.data.trigger === 'catch-up');
      expect(catchUps.map((t) => t.data.schedule)).toEqual(['trial-expiry']);
      expect(await counterTotal(restarted.base, 'lifecycle_clock_slots_missed_total')).toBeGreaterThanOrEqual(2 * 3 - 1);
      await eventually(() => world.streamTicks(), (ticks) => ticks.length >= after.length + 2);
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
    const ticks = await world.streamTicks();
    expect(new Set(ticks.map((t) => t.id)).size).toBe(ticks.length);
    const slots: { n: number }[] = await world.dataSource.query(`SELECT count(*)::int AS n FROM clock_slots`);
    expect(slots[0].n).toBe(ticks.length);
  });
});
