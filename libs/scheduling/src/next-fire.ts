import { fireTimeOf } from './fire-time';
import type { ScheduleDefinition } from './schedule.definition';
import { nextSlotAfter } from './slot-calculator';

/** The next slot not yet due, and when it fires; undefined for a disabled schedule. For `lifecyclectl timers`. */
export function nextFire(
  def: ScheduleDefinition,
  lastSlot: Date | undefined,
  now: Date,
): { slot: Date; fireAt: Date } | undefined {
  if (!def.enabled) return undefined;
  // Every slot at or before now − jitter is due already.
  let after = new Date(now.getTime() - def.jitterMs);
  if (lastSlot !== undefined && lastSlot > after) after = lastSlot;
  for (let slot = nextSlotAfter(def, after); ; slot = nextSlotAfter(def, slot)) {
    const fireAt = fireTimeOf(def, slot);
    if (fireAt > now) return { slot, fireAt };
  }
}
