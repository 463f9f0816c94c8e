import type { ScheduleName, TickTrigger } from '@lifecycle/contracts';

/** What the clock counts; prom.clock-metrics.ts exports it to Prometheus. */
export interface ClockMetrics {
  /** A tick this replica fired (won the slot's claim, or a manual run); lag = firedAt − scheduledAt. */
  ticked(schedule: ScheduleName, trigger: TickTrigger, lagSeconds: number): void;
  /** Slots that came due and will never fire (skip policy, or beyond an `all` cap). */
  missed(schedule: ScheduleName, slots: number): void;
}

export const NO_CLOCK_METRICS: ClockMetrics = { ticked: () => undefined, missed: () => undefined };
