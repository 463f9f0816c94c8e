import { Counter, Histogram, type Registry } from 'prom-client';
import type { ScheduleName, TickTrigger } from '@lifecycle/contracts';
import type { ClockMetrics } from './clock.metrics';

const LAG_BUCKETS_SECONDS = [0.05, 0.25, 1, 5, 30, 60, 300, 900, 1800, 3600, 6 * 3600, 86_400];

/** `lifecycle_clock_ticks_total`, `lifecycle_clock_tick_lag_seconds`, `lifecycle_clock_slots_missed_total`. */
export class PromClockMetrics implements ClockMetrics {
  private readonly ticks: Counter<'schedule' | 'trigger'>;
  private readonly lag: Histogram<'schedule' | 'trigger'>;
  private readonly missedSlots: Counter<'schedule'>;

  constructor(registry: Registry) {
    this.ticks = new Counter({
      name: 'lifecycle_clock_ticks_total',
      help: 'Ticks this clock replica fired, by schedule and trigger',
      labelNames: ['schedule', 'trigger'],
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'lifecycle_clock_tick_lag_seconds',
      help: 'firedAt - scheduledAt of the ticks this replica fired (includes the jitter; large for catch-up and replays)',
      labelNames: ['schedule', 'trigger'],
      buckets: LAG_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.missedSlots = new Counter({
      name: 'lifecycle_clock_slots_missed_total',
      help: 'Slots that came due while no clock ran and were not fired (catch-up skip, once, or beyond the all cap)',
      labelNames: ['schedule'],
      registers: [registry],
    });
  }

  ticked(schedule: ScheduleName, trigger: TickTrigger, lagSeconds: number): void {
    this.ticks.inc({ schedule, trigger });
    this.lag.observe({ schedule, trigger }, Math.max(0, lagSeconds));
  }

  missed(schedule: ScheduleName, slots: number): void {
    this.missedSlots.inc({ schedule }, slots);
  }
}
