import type { ScheduleDefinition } from './schedule.definition';

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

function formatDuration(ms: number): string {
  let rest = ms;
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text || '0s';
}

function describeTiming(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(2).some((field) => field !== '*')) return `cron "${cron}"`;
  const [minute, hour] = fields;
  const number = /^\d+$/;
  const pad = (value: string) => value.padStart(2, '0');
  if (number.test(minute) && number.test(hour)) return `daily ${pad(hour)}:${pad(minute)}`;
  if (number.test(minute) && hour === '*') return minute === '0' ? 'hourly' : `hourly at :${pad(minute)}`;
  const everyHours = /^\*\/(\d+)$/.exec(hour);
  if (minute === '0' && everyHours) return `every ${everyHours[1]}h`;
  const everyMinutes = /^\*\/(\d+)$/.exec(minute);
  if (everyMinutes && hour === '*') return `every ${everyMinutes[1]}m`;
  return `cron "${cron}"`;
}

/** One line for `lifecyclectl timers`, e.g. `daily 09:00 UTC, jitter up to 30m, catch-up once`. */
export function describeSchedule(def: ScheduleDefinition): string {
  const parts = [`${describeTiming(def.cron)} ${def.timeZone}`];
  if (def.jitterMs > 0) parts.push(`jitter up to ${formatDuration(def.jitterMs)}`);
  parts.push(def.catchUp === 'all' ? `catch-up all (at most ${def.catchUpLimit})` : `catch-up ${def.catchUp}`);
  const text = parts.join(', ');
  return def.enabled ? text : `disabled (${text})`;
}
