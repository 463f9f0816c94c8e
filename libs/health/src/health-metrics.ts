import type { HealthCheckName } from '@lifecycle/contracts';

/** What runs report to metrics; the gauges are read on scrape (prom.health-metrics.ts). */
export interface HealthMetrics {
  startTimer(check: HealthCheckName): () => number;
  lifecycleEvent(type: string): void;
}

export const NO_HEALTH_METRICS: HealthMetrics = {
  startTimer: () => () => 0,
  lifecycleEvent: () => undefined,
};
