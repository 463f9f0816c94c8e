import type { EntityManager } from 'typeorm';
import type { ScheduleName, TickTrigger } from '@lifecycle/contracts';

type Queryable = Pick<EntityManager, 'query'>;

export interface SlotClaim {
  schedule: ScheduleName;
  slot: Date;
  trigger: Extract<TickTrigger, 'schedule' | 'catch-up' | 'simulated'>;
  /** The slot identity `<schedule>@<slot ISO>`. */
  tickId: string;
  /** CLOCK_REPLICA_ID of the replica that fired it. */
  claimedBy: string;
  /** The clock's "now" when it fired (simulated time in simulated mode). */
  claimedAt: Date;
}

export interface LastSlot {
  schedule: ScheduleName;
  slot: Date;
  trigger: string;
  claimedAt: Date;
}

/**
 * clock_slots: one row per fired slot, unique per (schedule, slot) and per tick id (ARCHITECTURE.md,
 * "Schedules"). Manual runs are not slots and never appear here.
 */
export class ClockSlotRepository {
  /** The latest fired slot of each schedule that has one: the watermark the planner starts after. */
  async lastSlots(db: Queryable, schedules: readonly ScheduleName[]): Promise<LastSlot[]> {
    // One index probe per schedule on the (schedule, slot) primary key, however many rows the table holds.
    const rows: { schedule: ScheduleName; slot: Date; trigger: string; claimed_at: Date }[] = await db.query(
      `SELECT n.schedule, c.slot, c."trigger", c.claimed_at
       FROM unnest($1::varchar[]) AS n(schedule)
       JOIN LATERAL (
         SELECT slot, "trigger", claimed_at FROM clock_slots WHERE schedule = n.schedule ORDER BY slot DESC LIMIT 1
       ) c ON true`,
      [schedules],
    );
    return rows.map((r) => ({ schedule: r.schedule, slot: r.slot, trigger: r.trigger, claimedAt: r.claimed_at }));
  }

  async watermarks(db: Queryable, schedules: readonly ScheduleName[]): Promise<Map<ScheduleName, Date>> {
    const last = await this.lastSlots(db, schedules);
    return new Map(last.map((row) => [row.schedule, row.slot]));
  }

  /** True when this call claimed the slot; false when any replica had already claimed it. */
  async claim(manager: Queryable, claim: SlotClaim): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO clock_slots (schedule, slot, "trigger", tick_id, claimed_by, claimed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING tick_id`,
      [claim.schedule, claim.slot, claim.trigger, claim.tickId, claim.claimedBy.slice(0, 255), claim.claimedAt],
    );
    return rows.length === 1;
  }
}
