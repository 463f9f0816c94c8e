import type { Command } from 'commander';
import { ClockSlotRepository, formatTimers, loadClockSchedules, SharedSimulatedClock, timerRows } from '@lifecycle/clock';
import { loadEnv } from '@lifecycle/config';
import { isoId } from '@lifecycle/contracts';
import { closeNats, connectNats, Namespace } from '@lifecycle/messaging';
import { createDataSource } from '@lifecycle/persistence';
import { cliEnvSchema, type CliEnv } from './cli.env';

/** The clock's now: the shared simulated now in simulated mode (CLOCK_START before any clock set it), else the wall clock. */
async function clockNow(env: CliEnv): Promise<{ now: Date; source: string }> {
  if (env.CLOCK_MODE === 'system') return { now: new Date(), source: 'wall clock' };
  const nc = await connectNats({ url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASS, token: env.NATS_TOKEN, name: 'lifecyclectl' });
  try {
    const shared = await SharedSimulatedClock.read(nc, new Namespace(env.LIFECYCLE_NAMESPACE));
    if (shared) return { now: shared, source: 'simulated' };
  } finally {
    await closeNats(nc);
  }
  if (env.CLOCK_START) return { now: new Date(env.CLOCK_START), source: 'simulated, CLOCK_START: no clock has run yet' };
  return { now: new Date(), source: 'simulated, but no clock has run yet: wall clock' };
}

export function registerTimers(program: Command): void {
  program
    .command('timers')
    .description('list the schedules, soonest first, with their next and last slot, like `systemctl list-timers` (reads the database: works while the clock is down)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      const schedules = loadClockSchedules(env.SCHEDULES_FILE);
      const { now, source } = await clockNow(env);
      const dataSource = await createDataSource(env.DATABASE_URL, { poolSize: 1, applicationName: 'lifecyclectl' }).initialize();
      let rows;
      try {
        const lastSlots = await new ClockSlotRepository().lastSlots(dataSource, schedules.map((s) => s.name));
        rows = timerRows(schedules, lastSlots, now, { simulated: env.CLOCK_MODE === 'simulated' });
      } finally {
        await dataSource.destroy();
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ now: isoId(now), clock: source, timers: rows }, null, 2)}\n`);
      else process.stdout.write(`${formatTimers(rows)}\nnow: ${isoId(now)} (${source})\n`);
    });
}
