import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_CONTROL, requestClock } from '@lifecycle/clock';
import { spawnApp } from '../app-processes';
import { ClockWorld } from './clock-world';
import { lifecyclectl, startClockProcess } from './clock-processes';

jest.setTimeout(90_000);

describe('the clock with a schedules file', () => {
  let dir: string;
  const file = (name: string, yaml: string) => {
    const path = join(dir, name);
    writeFileSync(path, yaml);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lc-schedules-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Boots a clock on `schedulesFile` (nothing else is reachable: it must stop before connecting). */
  async function bootFails(schedulesFile: string): Promise<{ code: number | null; stderr: string }> {
    const run = spawnApp('clock', { SCHEDULES_FILE: schedulesFile, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', NATS_URL: 'nats://127.0.0.1:1' });
    let stderr = '';
    run.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { code: await run.exited, stderr };
  }

  it('stops at boot on a bad cron expression, naming the file and the schedule', async () => {
    const path = file('bad-cron.yaml', 'schedules:\n  trial-expiry: { cron: "0 */2 * *" }\n  payment-retry: { cron: "61 * * * *" }\n');
    const { code, stderr } = await bootFails(path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: schedule "trial-expiry": invalid cron expression "0 */2 * *"`);
    expect(stderr).toContain(`${path}: schedule "payment-retry": invalid cron expression "61 * * * *"`);
  });

  it('stops at boot on an unknown schedule name, listing the known ones', async () => {
    const path = file('unknown.yaml', 'schedules:\n  trial-reminder: { cron: "0 9 * * *" }\n');
    const { code, stderr } = await bootFails(path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: schedule "trial-reminder": unknown schedule (known schedules: trial-reminders, trial-expiry,`);
  });

  it('stops at boot when the file named by SCHEDULES_FILE is missing', async () => {
    const { code, stderr } = await bootFails(join(dir, 'missing.yaml'));
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'missing.yaml')}: file not found`);
  });

  describe('trial-reminders in Europe/Istanbul', () => {
    let world: ClockWorld;
    let path: string;

    beforeAll(async () => {
      world = await ClockWorld.create({ relay: false });
      path = file('istanbul.yaml', 'schedules:\n  trial-reminders: { timeZone: Europe/Istanbul }\n');
    });

    afterAll(() => world.dispose());

    it("fires at that zone's 09:00 (06:00Z), and lifecyclectl timers shows it next", async () => {
      const env = { DATABASE_URL: world.db.url, LIFECYCLE_NAMESPACE: world.namespace.value, SCHEDULES_FILE: path };
      const clock = await startClockProcess({ ...env, CLOCK_MODE: 'simulated', CLOCK_START: '2026-12-01T00:00:00Z' });
      try {
        const timers = await lifecyclectl(['timers', '--json'], { ...env, CLOCK_MODE: 'simulated' });
        expect(timers.stderr).toBe('');
        const row = JSON.parse(timers.stdout).timers.find((t: { schedule: string }) => t.schedule === 'trial-reminders');
        expect(row.next.slot).toBe('2026-12-01T06:00:00Z');
        expect(row.description).toBe('daily 09:00 Europe/Istanbul, jitter up to 30m, catch-up once');

        const reply = await requestClock(world.nc, world.namespace, CLOCK_CONTROL.advance, { duration: '1d' }, 60_000);
        expect(reply.ok).toBe(true);
        const reminders = (await world.streamTicks()).filter((t) => t.data.schedule === 'trial-reminders');
        expect(reminders.map((t) => t.data.scheduledAt)).toEqual(['2026-12-01T06:00:00Z']);
      } finally {
        await clock.stop();
      }
    });
  });
});
