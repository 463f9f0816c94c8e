import { fireTimeOf } from './fire-time';
import type { ScheduleDefinition } from './schedule.definition';
import { nextSlotAfter } from './slot-calculator';

const HOUR_MS = 3_600_000;
const MAX_LOOKBACK_MS = 8 * 366 * 24 * HOUR_MS;

export interface DueSlots {
  count: number;
  first?: Date;
  /** The most recent due slots, oldest first. */
  recent: Date[];
}

/**
 * The slots after `afterExclusive` that are due at `now`, in slot order, stopping at the first slot
 * not yet due: with a jitter longer than the interval a slot waits for its predecessor.
 */
export function dueSlotsAfter(def: ScheduleDefinition, afterExclusive: Date, now: Date, keep: number): DueSlots {
  const due: DueSlots = { count: 0, recent: [] };
  for (let slot = nextSlotAfter(def, afterExclusive); slot <= now; slot = nextSlotAfter(def, slot)) {
    if (fireTimeOf(def, slot) > now) break;
    due.count += 1;
    due.first ??= slot;
    due.recent.push(slot);
    if (due.recent.length > keep) due.recent.shift();
  }
  return due;
}

/** The latest due slot at or after `notBefore`, found by looking back over growing windows. */
export function latestDueSlot(def: ScheduleDefinition, now: Date, notBefore?: Date): Date | undefined {
  const floor = notBefore === undefined ? -Infinity : notBefore.getTime() - 1;
  for (let span = HOUR_MS; span <= MAX_LOOKBACK_MS; span *= 4) {
    const from = Math.max(now.getTime() - def.jitterMs - span, floor);
    const latest = dueSlotsAfter(def, new Date(from), now, 1).recent[0];
    if (latest !== undefined || from === floor) return latest;
  }
  return undefined;
}
