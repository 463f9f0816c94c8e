import type { ScheduleName, TickTrigger } from '@lifecycle/contracts';

/** A tick a clock replica put into the outbox. */
export interface FiredTick {
  id: string;
  schedule: ScheduleName;
  scheduledAt: Date;
  trigger: TickTrigger;
}
