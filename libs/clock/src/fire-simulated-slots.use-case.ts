import { tickId as slotIdentity, type ScheduleName } from '@lifecycle/contracts';
import { slotsBetween, type ScheduleDefinition } from '@lifecycle/scheduling';
import type { ClockLog } from './clock.log';
import type { ClockMetrics } from './clock.metrics';
import { TooManySlotsError } from './clock.errors';
import type { FiredTick } from './fired-tick';
import { tickEnvelope } from './tick-envelope';
import type { TickStore } from './tick.store';

/**
 * More ticks than this in one move (about 70 days of the default schedules) is almost certainly a typo
 * (`set 2062-…`); smaller steps still work.
 */
export const MAX_SIMULATED_TICKS = 10_000;

interface Due {
  schedule: ScheduleName;
  slot: Date;
  order: number;
}

/**
 * Simulated mode's step (ARCHITECTURE.md, "Time enters only through ticks"): every slot of every
 * enabled schedule in (from, to] that no clock fired yet fires, in slot order (ties in schedule
 * order), with trigger `simulated` and firedAt = the slot: no catch-up policy, no jitter. Slots at or
 * before a schedule's watermark never fire again, so time set back and moved forward repeats nothing.
 */
export class FireSimulatedSlots {
  constructor(
    private readonly store: TickStore,
    private readonly definitions: readonly ScheduleDefinition[],
    private readonly metrics: ClockMetrics,
    private readonly log: ClockLog,
    private readonly replicaId: string,
    private readonly maxTicks = MAX_SIMULATED_TICKS,
  ) {}

  /** `reached(t)` runs after the ticks of slot time t are committed, before later slots fire. */
  async execute(from: Date, to: Date, reached?: (at: Date) => Promise<void>): Promise<FiredTick[]> {
    if (to <= from) return [];
    const due = await this.dueSlots(from, to);
    const fired: FiredTick[] = [];
    for (let i = 0; i < due.length; ) {
      const at = due[i].slot.getTime();
      for (; i < due.length && due[i].slot.getTime() === at; i++) {
        const tick = await this.fire(due[i].schedule, due[i].slot);
        if (tick) fired.push(tick);
      }
      await reached?.(new Date(at));
    }
    return fired;
  }

  private async dueSlots(from: Date, to: Date): Promise<Due[]> {
    const enabled = this.definitions.filter((d) => d.enabled);
    const watermarks = await this.store.watermarks(enabled.map((d) => d.name));
    const due: Due[] = [];
    enabled.forEach((def, order) => {
      const watermark = watermarks.get(def.name);
      const after = watermark !== undefined && watermark > from ? watermark : from;
      const { slots, truncated } = slotsBetween(def, after, to, this.maxTicks - due.length);
      if (truncated) throw new TooManySlotsError(this.maxTicks, from, to);
      for (const slot of slots) due.push({ schedule: def.name, slot, order });
    });
    return due.sort((a, b) => a.slot.getTime() - b.slot.getTime() || a.order - b.order);
  }

  private async fire(schedule: ScheduleName, slot: Date): Promise<FiredTick | undefined> {
    const tickId = slotIdentity(schedule, slot);
    const tick = tickEnvelope({ id: tickId, schedule, scheduledAt: slot, firedAt: slot, trigger: 'simulated' });
    const claim = { schedule, slot, trigger: 'simulated' as const, tickId, claimedBy: this.replicaId, claimedAt: slot };
    if (!(await this.store.fireSlot(claim, tick))) return undefined;
    this.metrics.ticked(schedule, 'simulated', 0);
    this.log.log(`fired ${tickId} (simulated)`);
    return { id: tickId, schedule, scheduledAt: slot, trigger: 'simulated' };
  }
}
