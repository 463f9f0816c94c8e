import { nextFire, nextSlotAfter, type ScheduleDefinition } from '@lifecycle/scheduling';

export interface Staleness {
  stale: boolean;
  /** The last slot, or for a schedule that never ticked the clock's first slot. */
  reference: Date | null;
  /** The two slots after the reference; both have come due (with jitter) when stale. */
  missed: [Date, Date] | null;
}

/**
 * An enabled schedule is stale when two slots after its last one have come due, each plus the
 * schedule's jitter, without a tick: "older than two of its intervals" for any cron, regular or not.
 * A schedule that never ticked is measured from the first slot the clock recorded; with no slot at
 * all nothing can be judged.
 */
export function scheduleStaleness(def: ScheduleDefinition, lastSlot: Date | undefined, firstSlot: Date | null, now: Date): Staleness {
  const reference = lastSlot ?? firstSlot;
  if (!def.enabled || reference === null) return { stale: false, reference, missed: null };
  const first = nextSlotAfter(def, reference);
  const second = nextSlotAfter(def, first);
  return { stale: now.getTime() > second.getTime() + def.jitterMs, reference, missed: [first, second] };
}

export interface ScheduleView {
  name: string;
  enabled: boolean;
  cron: string;
  timeZone: string;
  lastSlot: string | null;
  nextSlot: string | null;
  nextFireAt: string | null;
  /** now − last slot; null when it never ticked. */
  tickLagSeconds: number | null;
  stale: boolean;
}

/** The status page's row of a schedule: last slot, next slot and whether it is stale. */
export function scheduleView(def: ScheduleDefinition, lastSlot: Date | undefined, firstSlot: Date | null, now: Date): ScheduleView {
  const next = nextFire(def, lastSlot, now);
  return {
    name: def.name,
    enabled: def.enabled,
    cron: def.cron,
    timeZone: def.timeZone,
    lastSlot: lastSlot?.toISOString() ?? null,
    nextSlot: next?.slot.toISOString() ?? null,
    nextFireAt: next?.fireAt.toISOString() ?? null,
    tickLagSeconds: lastSlot ? Math.max(0, (now.getTime() - lastSlot.getTime()) / 1000) : null,
    stale: scheduleStaleness(def, lastSlot, firstSlot, now).stale,
  };
}
