import type { SlotFacts } from './health-facts';
import type { SlotFactsStore } from './health.ports';
import type { Queryable } from './facts-rows';

const LAST_SLOTS = `SELECT schedule, max(slot) AS last_slot FROM clock_slots GROUP BY schedule ORDER BY schedule`;

const FIRST_SLOT = `SELECT min(slot) AS first_slot FROM clock_slots`;

/** What the clock left in clock_slots (manual runs are not slots and never appear there). */
export class SlotFactsRepository implements SlotFactsStore {
  constructor(private readonly db: Queryable) {}

  async read(): Promise<SlotFacts> {
    const [last, [first]] = await Promise.all([this.db.query(LAST_SLOTS), this.db.query(FIRST_SLOT)]);
    return {
      lastSlots: last.map((r: { schedule: string; last_slot: Date }) => ({ schedule: r.schedule, lastSlot: r.last_slot })),
      firstSlot: first?.first_slot ?? null,
    };
  }
}
