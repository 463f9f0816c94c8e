import { Counter, Histogram, type Registry } from 'prom-client';
import type { SweepMetrics } from './sweep-metrics';
import type { BillingSweep, SkipReason } from './sweep.types';

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** `lifecycle_billing_*` on the process registry (MetricsRegistry); safe to construct twice (all-in-one). */
export class PromSweepMetrics implements SweepMetrics {
  private readonly duration: Histogram<'sweep'>;
  private readonly skippedTotal: Counter<'sweep' | 'reason'>;
  private readonly emittedTotal: Counter<'type'>;

  constructor(registry: Registry) {
    this.duration = metric(registry, 'lifecycle_billing_sweep_duration_seconds', () => new Histogram({
      name: 'lifecycle_billing_sweep_duration_seconds',
      help: 'Time a billing sweep took, from the first query to the last commit',
      labelNames: ['sweep'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }));
    this.skippedTotal = metric(registry, 'lifecycle_billing_skipped_total', () => new Counter({
      name: 'lifecycle_billing_skipped_total',
      help: 'Rows a billing sweep skipped because of bad data, by reason',
      labelNames: ['sweep', 'reason'],
      registers: [registry],
    }));
    this.emittedTotal = metric(registry, 'lifecycle_billing_events_emitted_total', () => new Counter({
      name: 'lifecycle_billing_events_emitted_total',
      help: 'Events billing wrote to the outbox, by type',
      labelNames: ['type'],
      registers: [registry],
    }));
  }

  startTimer(sweep: BillingSweep): () => number {
    return this.duration.startTimer({ sweep });
  }

  skipped(sweep: BillingSweep, reason: SkipReason, count: number): void {
    if (count > 0) this.skippedTotal.inc({ sweep, reason }, count);
  }

  emitted(type: string, count: number): void {
    if (count > 0) this.emittedTotal.inc({ type }, count);
  }
}
