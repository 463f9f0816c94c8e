import type { ScheduleDefinition } from './schedule.definition';
import { firstOffsetChange, zoneOffsetMs } from './time-zone';
import { WallClockCron } from './wall-clock-cron';

type Timing = Pick<ScheduleDefinition, 'cron' | 'timeZone'>;

const DAY_MS = 86_400_000;

/** When `at` falls shortly after a fall-back, the end (as a wall time) of the range the clock shows twice. */
function repeatedWallEnd(timeZone: string, at: number, offset: number): number {
  const earlier = zoneOffsetMs(timeZone, at - DAY_MS);
  if (earlier <= offset) return -Infinity;
  const change = firstOffsetChange(timeZone, at - DAY_MS, at, earlier);
  return change === undefined ? -Infinity : change + earlier;
}

/**
 * The first slot strictly after `after`. Slots are the instants at which the wall clock of the
 * schedule's zone shows a time matching the expression. Across DST, as Vixie cron does:
 * - matching times skipped by a spring-forward fire once, at the instant of the jump;
 * - a matching time shown twice by a fall-back fires once, at its first occurrence, unless the hour
 *   field is `*`: then every real hour keeps its slots (every 15 min stays every 15 min).
 */
export function nextSlotAfter(def: Timing, after: Date): Date {
  const cron = WallClockCron.of(def.cron);
  let from = after.getTime();
  let offset = zoneOffsetMs(def.timeZone, from);
  let repeatedUntil = repeatedWallEnd(def.timeZone, from, offset);
  for (;;) {
    const wall = cron.next(from + offset);
    const candidate = wall - offset;
    const change = firstOffsetChange(def.timeZone, from, candidate, offset);
    if (change === undefined) {
      if (wall < repeatedUntil && !cron.everyHour) {
        from = candidate;
        continue;
      }
      return new Date(candidate);
    }
    const next = zoneOffsetMs(def.timeZone, change);
    if (next > offset && wall < change + next) return new Date(change);
    repeatedUntil = next < offset ? change + offset : -Infinity;
    offset = next;
    from = change - 1;
  }
}

/** Slots in (afterExclusive, untilInclusive], oldest first, at most `limit` of them. */
export function slotsBetween(
  def: Timing,
  afterExclusive: Date,
  untilInclusive: Date,
  limit: number,
): { slots: Date[]; truncated: boolean } {
  const slots: Date[] = [];
  for (let slot = nextSlotAfter(def, afterExclusive); slot <= untilInclusive; slot = nextSlotAfter(def, slot)) {
    if (slots.length === limit) return { slots, truncated: true };
    slots.push(slot);
  }
  return { slots, truncated: false };
}
