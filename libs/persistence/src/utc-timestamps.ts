import { defaults, types } from 'pg';

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** Parses a naive platform timestamp ("2026-12-01 09:00:00.123") as UTC, whatever the process TZ. */
export function parseNaiveUtc(value: string): Date | string {
  // infinity and BC dates have no faithful Date; leave them as PostgreSQL spelled them
  if (!/^\d{4}-/.test(value) || value.endsWith(' BC')) return value;
  return new Date(`${value.replace(' ', 'T')}Z`);
}

const utcTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary') return parseNaiveUtc;
    return types.getTypeParser(oid, format);
  },
};

/**
 * pg connection options that make naive timestamps UTC both ways (platform-schema.md: "Treat every
 * naive timestamp as UTC"). Reads use a per-connection type parser; the session time zone makes
 * `now()` and casts to `timestamp` UTC; Dates are written as UTC through pg's process-wide default,
 * the only switch pg offers for parameter serialization (harmless for timestamptz, which keeps the offset).
 */
export function utcConnectionOptions(): { types: typeof utcTypes; options: string } {
  defaults.parseInputDatesAsUTC = true;
  return { types: utcTypes, options: '-c TimeZone=UTC' };
}
