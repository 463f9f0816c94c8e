const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class InvalidDurationError extends Error {
  constructor(readonly input: string) {
    super(`invalid duration "${input}": use a number with a unit, e.g. 90s, 15m, 6h, 3d or 1d12h`);
    this.name = 'InvalidDurationError';
  }
}

/** Parses durations such as `3d`, `1d12h`, `90s`, `250ms` into milliseconds. */
export function parseDuration(input: string): number {
  const text = input.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new InvalidDurationError(input);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit], 0);
}
