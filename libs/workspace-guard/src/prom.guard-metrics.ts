import { Counter, Histogram, type Registry } from 'prom-client';
import type { WorkspaceDriverName } from '@lifecycle/contracts';
import type { DriverCall, EventOutcome, GuardMetrics } from './guard.ports';

/** Prometheus series of the guard, on the process registry (`/metrics`). */
export class PromGuardMetrics implements GuardMetrics {
  private readonly calls: Histogram<'driver' | 'call' | 'outcome'>;
  private readonly events: Counter<'subject' | 'outcome'>;

  constructor(registry: Registry) {
    this.calls = new Histogram({
      name: 'workspace_guard_driver_call_seconds',
      help: 'Driver calls (stop, start, state) by outcome, and how long they took',
      labelNames: ['driver', 'call', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'workspace_guard_events_total',
      help: 'Lifecycle events handled: applied, stale (older than the company\'s decision), duplicate, failed',
      labelNames: ['subject', 'outcome'],
      registers: [registry],
    });
  }

  driverCall(driver: WorkspaceDriverName, call: DriverCall, ok: boolean, seconds: number): void {
    this.calls.observe({ driver, call, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  event(subject: string, outcome: EventOutcome): void {
    this.events.inc({ subject, outcome });
  }
}
