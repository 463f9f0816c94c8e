import type { JetStreamManager } from '@nats-io/jetstream';
import type { Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import type { Namespace } from '@lifecycle/messaging';
import type { Clock } from '@lifecycle/time';
import { BillingFactsRepository } from './billing-facts.repository';
import { EmailFactsRepository } from './email-facts.repository';
import { HealthIssueRepository } from './health-issue.repository';
import { HealthTickUseCase } from './health-tick.use-case';
import { HealthStatusUseCase } from './health-status.use-case';
import { NO_HEALTH_METRICS, type HealthMetrics } from './health-metrics';
import type { DeliveryStatusPoller, HealthFacts, HealthLogger, WorkspaceRuntimeProbe } from './health.ports';
import type { HealthSettings } from './health.settings';
import { PipelineRepository } from './pipeline.repository';
import { PromHealthMetrics } from './prom.health-metrics';
import { RunHealthCheckUseCase } from './run-health-check.use-case';
import { SlotFactsRepository } from './slot-facts.repository';
import { StatusRepository } from './status.repository';
import { WorkspaceFactsRepository } from './workspace-facts.repository';

export interface HealthDeps {
  manager: EntityManager;
  jsm: JetStreamManager;
  namespace: Namespace;
  clock: Clock;
  settings: HealthSettings;
  /** The process registry (MetricsRegistry.registry); omitted: no metrics. */
  registry?: Registry;
  logger: HealthLogger;
  /** Mailjet's statuses polled by each email-health run (when the Event API webhook is absent). */
  poller?: DeliveryStatusPoller | null;
  /** The workspace driver (WORKSPACE_DRIVER): its real state decides workspace.stopped_while_active. */
  runtime?: WorkspaceRuntimeProbe | null;
}

export interface HealthService {
  runCheck: RunHealthCheckUseCase;
  /** What a scheduled tick runs: runCheck, coalesced (one run per check at a time, a backlog runs once). */
  ticks: HealthTickUseCase;
  status: HealthStatusUseCase;
  metrics: HealthMetrics | null;
}

/** The composition root of health, shared by the health app and tests. */
export function createHealth({ manager, jsm, namespace, clock, settings, registry, logger, poller, runtime }: HealthDeps): HealthService {
  const facts: HealthFacts = {
    workspace: new WorkspaceFactsRepository(manager),
    billing: new BillingFactsRepository(manager),
    email: new EmailFactsRepository(manager),
    slots: new SlotFactsRepository(manager),
  };
  const issues = new HealthIssueRepository(manager);
  const pipeline = new PipelineRepository(jsm, namespace);
  const statusStore = new StatusRepository(manager);
  const metrics = registry
    ? new PromHealthMetrics(registry, { issues, email: facts.email, slots: facts.slots, pipeline, billing: statusStore, settings, clock, logger })
    : null;
  const runCheck = new RunHealthCheckUseCase(facts, pipeline, issues, settings, clock, metrics ?? NO_HEALTH_METRICS, logger, { poller, runtime });
  return {
    runCheck,
    ticks: new HealthTickUseCase(runCheck, issues),
    status: new HealthStatusUseCase(statusStore, facts.slots, pipeline, settings, clock),
    metrics,
  };
}
