import type { DataSource } from 'typeorm';
import type { ScheduleName } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { ClockSlotRepository, type LastSlot, type SlotClaim } from './clock-slot.repository';
import type { TickEnvelope, TickStore } from './tick.store';

/** One aggregate for every tick: the relay publishes them in commit order, which is slot order. */
export const TICK_AGGREGATE = 'clock';

export class TickRepository implements TickStore {
  private readonly slots = new ClockSlotRepository();
  private readonly outbox = new OutboxWriter();

  constructor(private readonly dataSource: DataSource) {}

  watermarks(schedules: readonly ScheduleName[]): Promise<Map<ScheduleName, Date>> {
    return this.slots.watermarks(this.dataSource, schedules);
  }

  lastSlots(schedules: readonly ScheduleName[]): Promise<LastSlot[]> {
    return this.slots.lastSlots(this.dataSource, schedules);
  }

  fireSlot(claim: SlotClaim, tick: TickEnvelope): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // Claim first, then append (libs/outbox: change state before the outbox, to avoid deadlocks).
      if (!(await this.slots.claim(manager, claim))) return false;
      await this.outbox.append(manager, [tick], () => TICK_AGGREGATE);
      return true;
    });
  }

  async appendManual(tick: TickEnvelope): Promise<void> {
    await this.dataSource.transaction((manager) => this.outbox.append(manager, [tick], () => TICK_AGGREGATE));
  }

  async unsent(tickIds: readonly string[]): Promise<string[]> {
    if (tickIds.length === 0) return [];
    const rows: { event_id: string }[] = await this.dataSource.query(
      `SELECT event_id FROM outbox_events WHERE event_id = ANY($1::varchar[]) AND sent_at IS NULL ORDER BY id`,
      [tickIds],
    );
    return rows.map((r) => r.event_id);
  }
}
