import type { Command } from 'commander';
import { CLOCK_CONTROL, requestClock, type ClockControlSubject, type ControlReply } from '@lifecycle/clock';
import { loadEnv } from '@lifecycle/config';
import { isScheduleName, SCHEDULE_NAMES } from '@lifecycle/contracts';
import { closeNats, connectNats, Namespace } from '@lifecycle/messaging';
import { parseDuration } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';

export interface ControlOptions {
  json?: boolean;
  timeout: string;
}

export const CONTROL_TIMEOUT_OPTION = ['--timeout <duration>', 'how long to wait for the clock to answer', '2m'] as const;

export function parseIsoOption(value: string, name: string): string {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
    throw new Error(`${name} "${value}" is not an ISO-8601 time, e.g. 2026-12-01T09:00:00Z`);
  }
  return at.toISOString();
}

/** Sends a `clock.control.*` request and prints the reply; exit code 1 when the clock refused it. */
export async function sendControl(subject: ClockControlSubject, body: Record<string, unknown>, options: ControlOptions): Promise<void> {
  const timeoutMs = parseDuration(options.timeout);
  const env = loadEnv('lifecyclectl', cliEnvSchema);
  const nc = await connectNats({ url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASS, token: env.NATS_TOKEN, name: 'lifecyclectl' });
  let reply: ControlReply;
  try {
    reply = await requestClock(nc, new Namespace(env.LIFECYCLE_NAMESPACE), subject, body, timeoutMs);
  } finally {
    await closeNats(nc);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(reply, null, 2)}\n`);
  else if (reply.ok) {
    const lines = reply.ticks.map((t) => `  ${t.id}  ${t.trigger}`);
    const fired = reply.ticks.length === 0 ? 'no ticks fired' : `${reply.ticks.length} tick(s) published:`;
    process.stdout.write([`clock now ${reply.now}; ${fired}`, ...lines].join('\n') + '\n');
  }
  if (!reply.ok) {
    process.stderr.write(`lifecyclectl: the clock refused ${subject}: ${reply.error}\n`);
    process.exitCode = 1;
  }
}

export function registerTick(program: Command): void {
  program
    .command('tick')
    .description('publish a manual tick of a schedule (trigger "manual", an id of its own), like `systemctl start <unit>`')
    .argument('<schedule>', `one of ${SCHEDULE_NAMES.join(', ')}`)
    .option('--at <ISO>', "the tick's scheduledAt, e.g. to replay a missed slot (default: the clock's now; never later)")
    .option('--json', "print the clock's reply as JSON")
    .option(...CONTROL_TIMEOUT_OPTION)
    .action(async (schedule: string, options: ControlOptions & { at?: string }) => {
      if (!isScheduleName(schedule)) throw new Error(`unknown schedule "${schedule}"; valid schedules: ${SCHEDULE_NAMES.join(', ')}`);
      parseDuration(options.timeout);
      const at = options.at === undefined ? undefined : parseIsoOption(options.at, '--at');
      await sendControl(CLOCK_CONTROL.run, { schedule, ...(at && { at }) }, options);
    });
}
