import type { ScheduleName } from '@lifecycle/contracts';
import type { LastSlot, SimulatedTime, SlotClaim, TickEnvelope, TickStore } from '@lifecycle/clock';

/** clock_slots and the outbox in memory, shared by the replicas of a unit test; the SQL twin is tick.repository.ts. */
export class MemoryTickStore implements TickStore {
  readonly claims: SlotClaim[] = [];
  readonly outbox: TickEnvelope[] = [];
  readonly sent = new Set<string>();
  /** When set, nothing counts as published. */
  holdBack = false;

  async watermarks(schedules: readonly ScheduleName[]): Promise<Map<ScheduleName, Date>> {
    return new Map((await this.lastSlots(schedules)).map((row) => [row.schedule, row.slot]));
  }

  async lastSlots(schedules: readonly ScheduleName[]): Promise<LastSlot[]> {
    return schedules.flatMap((schedule) => {
      const own = this.claims.filter((c) => c.schedule === schedule).sort((a, b) => b.slot.getTime() - a.slot.getTime());
      return own.length ? [{ schedule, slot: own[0].slot, trigger: own[0].trigger, claimedAt: own[0].claimedAt }] : [];
    });
  }

  async fireSlot(claim: SlotClaim, tick: TickEnvelope): Promise<boolean> {
    if (this.claims.some((c) => c.tickId === claim.tickId || (c.schedule === claim.schedule && c.slot.getTime() === claim.slot.getTime()))) {
      return false;
    }
    this.claims.push(claim);
    this.outbox.push(tick);
    return true;
  }

  async appendManual(tick: TickEnvelope): Promise<void> {
    this.outbox.push(tick);
  }

  async unsent(tickIds: readonly string[]): Promise<string[]> {
    return this.holdBack ? tickIds.filter((id) => !this.sent.has(id)) : [];
  }

  ids(): string[] {
    return this.outbox.map((t) => t.id);
  }
}

/** A simulated now in memory that records every value it was set to. */
export class MovableTime implements SimulatedTime {
  private listeners: ((at: Date) => void)[] = [];
  readonly history: string[] = [];
  constructor(private current: Date) {}
  now = () => new Date(this.current);
  refresh = async () => this.now();
  set = async (to: Date) => {
    this.current = to;
    this.history.push(to.toISOString());
    this.listeners.forEach((listener) => listener(to));
  };
  onChange(listener: (at: Date) => void) {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }
}
