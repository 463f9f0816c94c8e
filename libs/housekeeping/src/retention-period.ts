import { parseDuration } from '@lifecycle/time';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

export class InvalidRetentionPeriodError extends Error {
  constructor(readonly input: string) {
    super(`invalid retention period "${input}": use a duration such as 30d, 12w or 2y (a year is 365 days)`);
    this.name = 'InvalidRetentionPeriodError';
  }
}

/** `30d`, `12w`, `2y` (365-day years) or any `parseDuration` value, in milliseconds. */
export function parseRetentionPeriod(input: string): number {
  const text = input.trim();
  const years = /^(\d+)y$/.exec(text);
  if (years) return Number(years[1]) * YEAR_MS;
  try {
    return parseDuration(text);
  } catch {
    throw new InvalidRetentionPeriodError(input);
  }
}

/** Like parseRetentionPeriod, with `off` or `0` meaning "never delete" (null). */
export function parseOptionalRetentionPeriod(input: string): number | null {
  const text = input.trim().toLowerCase();
  return text === 'off' || text === '0' ? null : parseRetentionPeriod(input);
}

export function formatDays(ms: number): string {
  return ms % YEAR_MS === 0 ? `${ms / YEAR_MS}y` : `${Math.round((ms / DAY_MS) * 100) / 100}d`;
}
