import { parseDuration } from '@lifecycle/time';

/** `2026-12-01 09:00:00Z`: UTC, to the second, as operators read logs. */
export function formatInstant(at: Date | string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

const SPANS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** `3h 12m ago`, `45s ago`, `in 2d 3h`: the two largest units. */
export function formatRelative(at: Date | string, now: Date): string {
  const delta = now.getTime() - new Date(at).getTime();
  let rest = Math.round(Math.abs(delta) / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of SPANS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
    if (parts.length === 2) break;
  }
  const span = parts.length ? parts.join(' ') : '0s';
  return delta >= 0 ? `${span} ago` : `in ${span}`;
}

export class InvalidTimeOptionError extends Error {
  constructor(option: string, value: string) {
    super(`${option} "${value}" is neither a duration (e.g. 15m, 1h, 2d) nor an ISO-8601 time (e.g. 2026-12-01T09:00:00Z)`);
    this.name = 'InvalidTimeOptionError';
  }
}

/** `--since 1h` (that long before now) or `--since 2026-12-01T09:00:00Z`. */
export function parseSince(value: string, now: Date, option = '--since'): Date {
  if (/^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
    throw new InvalidTimeOptionError(option, value);
  }
  try {
    return new Date(now.getTime() - parseDuration(value));
  } catch {
    throw new InvalidTimeOptionError(option, value);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
