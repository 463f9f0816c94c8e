import type { ScheduleName } from '@lifecycle/contracts';

export const CATCH_UP_POLICIES = ['once', 'skip', 'all'] as const;
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];

/** When a schedule fires and what happens to slots missed while no clock ran (ARCHITECTURE.md, "Schedules"). */
export interface ScheduleDefinition {
  name: ScheduleName;
  /** 5 fields, or 6 with seconds first, read in `timeZone`. */
  cron: string;
  /** IANA zone the expression is read in. */
  timeZone: string;
  /** Upper bound of the per-slot delay, like systemd's RandomizedDelaySec. */
  jitterMs: number;
  catchUp: CatchUpPolicy;
  /** How many of the most recent missed slots `all` fires. */
  catchUpLimit: number;
  enabled: boolean;
}
