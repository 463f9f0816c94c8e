import type { Envelope, ScheduleName } from '@lifecycle/contracts';
import type { LastSlot, SlotClaim } from './clock-slot.repository';

export type TickEnvelope = Envelope<`clock.tick.${ScheduleName}`>;

/** The clock's storage port; tick.repository.ts implements it over PostgreSQL and the outbox. */
export interface TickStore {
  /** The latest fired slot per schedule (schedules that never fired are absent). */
  watermarks(schedules: readonly ScheduleName[]): Promise<Map<ScheduleName, Date>>;
  lastSlots(schedules: readonly ScheduleName[]): Promise<LastSlot[]>;
  /**
   * One transaction: claim the slot and, only if this call won the claim, append the tick to the
   * outbox. False when another replica (or an earlier run) fired the slot.
   */
  fireSlot(claim: SlotClaim, tick: TickEnvelope): Promise<boolean>;
  /** A manual tick: no slot is claimed, the tick goes to the outbox alone. */
  appendManual(tick: TickEnvelope): Promise<void>;
  /** Which of these tick ids are committed but not yet published (sent) by an outbox relay. */
  unsent(tickIds: readonly string[]): Promise<string[]>;
}
