import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { HealthCheckName } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import { emailFailureRate } from './email.checks';
import { HEALTH_CODE_LIST, HEALTH_CODES } from './health-codes';
import type { HealthMetrics } from './health-metrics';
import type { EmailFactsStore, HealthLogger, IssueLifecycleStore, PipelineProbe, SlotFactsStore } from './health.ports';
import type { HealthSettings } from './health.settings';
import type { StatusStore } from './status.store';
import { consumerLag } from './pipeline.checks';

export interface HealthGaugeSources {
  issues: Pick<IssueLifecycleStore, 'openIssueCounts'>;
  email: Pick<EmailFactsStore, 'window'>;
  slots: SlotFactsStore;
  pipeline: PipelineProbe;
  billing: Pick<StatusStore, 'subscriptionsWithoutStoredCard'>;
  settings: Pick<HealthSettings, 'emailWindowMs' | 'schedules'>;
  clock: Clock;
  logger: HealthLogger;
}

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * Health's metrics on the process registry. The gauges are read from PostgreSQL and JetStream when
 * Prometheus scrapes, as of the Clock port's now, so they move even while no tick arrives (a stopped
 * clock shows as a growing tick lag). A source that fails leaves its gauge as it was and logs once.
 */
export class PromHealthMetrics implements HealthMetrics {
  private readonly duration: Histogram<'check'>;
  private readonly events: Counter<'type'>;
  private readonly failing = new Set<string>();

  constructor(registry: Registry, private readonly sources: HealthGaugeSources) {
    this.duration = metric(registry, 'lifecycle_health_check_duration_seconds', () => new Histogram({
      name: 'lifecycle_health_check_duration_seconds',
      help: 'Time a health check run took, from the first query to the commit',
      labelNames: ['check'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }));
    this.events = metric(registry, 'lifecycle_events_total', () => new Counter({
      name: 'lifecycle_events_total',
      help: 'Lifecycle events health consumed (trial, renewal, payment, subscription, workspace, notification), by type',
      labelNames: ['type'],
      registers: [registry],
    }));
    const self = this;
    metric(registry, 'lifecycle_health_open_issues', () => new Gauge({
      name: 'lifecycle_health_open_issues',
      help: 'Open health issues, by code and severity',
      labelNames: ['code', 'severity'],
      registers: [registry],
      async collect() {
        await self.guard('open issues', async () => {
          const counts = await sources.issues.openIssueCounts();
          this.reset();
          for (const code of HEALTH_CODE_LIST) this.set({ code, severity: HEALTH_CODES[code].severity }, 0);
          for (const row of counts) this.set({ code: row.code, severity: row.severity }, row.count);
        });
      },
    }));
    metric(registry, 'lifecycle_billing_subscriptions_without_card', () => new Gauge({
      name: 'lifecycle_billing_subscriptions_without_card',
      help: 'Active subscriptions that renew without a stored card (dunning asks them to pay in the app)',
      registers: [registry],
      async collect() {
        await self.guard('subscriptions without a card', async () => this.set(await sources.billing.subscriptionsWithoutStoredCard()));
      },
    }));
    metric(registry, 'lifecycle_email_failure_rate', () => new Gauge({
      name: 'lifecycle_email_failure_rate',
      help: 'Share (0..1) of the last hour\'s mails that failed or bounced',
      registers: [registry],
      async collect() {
        await self.guard('email failure rate', async () => {
          const now = sources.clock.now();
          const window = await sources.email.window(new Date(now.getTime() - sources.settings.emailWindowMs), now);
          this.set(emailFailureRate(window));
        });
      },
    }));
    metric(registry, 'lifecycle_consumer_lag', () => new Gauge({
      name: 'lifecycle_consumer_lag',
      help: 'Messages a durable consumer has not acknowledged yet (undelivered plus in flight)',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        await self.guard('consumer lag', async () => {
          const { consumers } = await sources.pipeline.state();
          this.reset();
          for (const c of consumers) this.set({ consumer: c.consumer }, consumerLag(c));
        });
      },
    }));
    metric(registry, 'lifecycle_outside_consumer_lag', () => new Gauge({
      name: 'lifecycle_outside_consumer_lag',
      help: 'Messages an outside consumer (a durable on our streams not created by the services) has not acknowledged yet',
      labelNames: ['consumer', 'stream'],
      registers: [registry],
      async collect() {
        await self.guard('outside consumer lag', async () => {
          const { outsideConsumers } = await sources.pipeline.state();
          this.reset();
          for (const c of outsideConsumers) this.set({ consumer: c.consumer, stream: c.stream }, consumerLag(c));
        });
      },
    }));
    metric(registry, 'lifecycle_tick_lag_seconds', () => new Gauge({
      name: 'lifecycle_tick_lag_seconds',
      help: 'Seconds since the last slot of each enabled schedule that has ticked',
      labelNames: ['schedule'],
      registers: [registry],
      async collect() {
        await self.guard('tick lag', async () => {
          const now = sources.clock.now().getTime();
          const { lastSlots } = await sources.slots.read();
          const enabled = new Set(sources.settings.schedules.filter((s) => s.enabled).map((s) => s.name as string));
          this.reset();
          for (const s of lastSlots) if (enabled.has(s.schedule)) this.set({ schedule: s.schedule }, Math.max(0, (now - s.lastSlot.getTime()) / 1000));
        });
      },
    }));
  }

  startTimer(check: HealthCheckName): () => number {
    return this.duration.startTimer({ check });
  }

  lifecycleEvent(type: string): void {
    this.events.inc({ type });
  }

  private async guard(what: string, read: () => Promise<void>): Promise<void> {
    try {
      await read();
      this.failing.delete(what);
    } catch (error) {
      if (!this.failing.has(what)) this.sources.logger.warn(`metrics: cannot read ${what}: ${error instanceof Error ? error.message : String(error)}`);
      this.failing.add(what);
    }
  }
}
