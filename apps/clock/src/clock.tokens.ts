import type { ScheduleDefinition } from '@lifecycle/scheduling';

export const CLOCK_OPTIONS = Symbol('CLOCK_OPTIONS');
export const CLOCK_METRICS = Symbol('CLOCK_METRICS');

export interface ClockOptions {
  mode: 'system' | 'simulated';
  schedules: readonly ScheduleDefinition[];
  replicaId: string;
  controlTimeoutMs: number;
}
