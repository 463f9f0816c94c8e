import type { ScheduleName, TickTrigger } from '@lifecycle/contracts';
import type { ScheduleDefinition } from './schedule.definition';

export interface PlannedTick {
  schedule: ScheduleName;
  slot: Date;
  /** The slot plus its jitter; earlier than now for a catch-up. */
  fireAt: Date;
  trigger: Extract<TickTrigger, 'schedule' | 'catch-up'>;
  /** The slot identity `<schedule>@<slot ISO>`: the tick's Nats-Msg-Id and its clock_slots row. */
  tickId: string;
}

/** Due slots the plan does not fire, for the caller to log and count; `first`..`last` are those slots. */
export type PlanNotice =
  | { schedule: ScheduleName; kind: 'missed-skipped'; count: number; first: Date; last: Date }
  | { schedule: ScheduleName; kind: 'catch-up-capped'; missed: number; fired: number; first: Date; last: Date };

export interface TickPlan {
  /** In slot order; ticks of one slot time in the order of the definitions. */
  ticks: PlannedTick[];
  notices: PlanNotice[];
}

export interface TickPlanInput {
  definitions: readonly ScheduleDefinition[];
  now: Date;
  /** The latest slot already fired per schedule, as recorded in the database. */
  lastSlots: ReadonlyMap<ScheduleName, Date | undefined>;
  /** When this clock process started; slots before it fell in downtime. */
  startedAt?: Date;
}
