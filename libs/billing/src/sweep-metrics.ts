import type { BillingSweep, SkipReason } from './sweep.types';

/** The sweeps' Prometheus series (prom.sweep-metrics.ts), behind a port so preview and tests can pass their own. */
export interface SweepMetrics {
  /** Starts timing a sweep; the returned function stops it and returns the seconds elapsed. */
  startTimer(sweep: BillingSweep): () => number;
  skipped(sweep: BillingSweep, reason: SkipReason, count: number): void;
  emitted(type: string, count: number): void;
}

/** Records nothing; timing still works, through the platform's monotonic clock. */
export const NO_METRICS: SweepMetrics = {
  startTimer: () => {
    const started = performance.now();
    return () => (performance.now() - started) / 1000;
  },
  skipped: () => undefined,
  emitted: () => undefined,
};
