import {
  createEnvelope,
  healthAlertId,
  healthReportId,
  isoId,
  type Envelope,
  type HealthCheckName,
} from '@lifecycle/contracts';
import type { CheckResult } from './health-issue.factory';
import type { IssueChanges, StoredIssue } from './health.ports';

export interface RunContext {
  check: HealthCheckName;
  now: Date;
  /** The tick's event id. */
  tickId: string;
}

const alertData = (check: HealthCheckName, issue: StoredIssue) => ({
  check,
  code: issue.code,
  severity: issue.severity,
  resource: issue.resource,
  message: issue.message,
  firstSeenAt: isoId(issue.firstSeenAt),
});

/**
 * One `health.alert.raised` per issue that appeared and one `health.alert.resolved` per issue that
 * cleared; ids are keyed on the issue's first sighting, so racing replicas write one alert each
 * (ARCHITECTURE.md, "An alert is mailed when an issue appears and when it clears, not every run").
 */
export function alertEvents(run: RunContext, changes: IssueChanges): Envelope[] {
  const common = { source: 'health' as const, correlationId: run.tickId, occurredAt: run.now };
  return [
    ...changes.raised.map((issue) =>
      createEnvelope('health.alert.raised', {
        ...common,
        id: healthAlertId('health.alert.raised', issue.code, issue.resource, issue.firstSeenAt),
        data: alertData(run.check, issue),
      }),
    ),
    ...changes.resolved.map((issue) =>
      createEnvelope('health.alert.resolved', {
        ...common,
        id: healthAlertId('health.alert.resolved', issue.code, issue.resource, issue.firstSeenAt),
        data: { ...alertData(run.check, issue), resolvedAt: isoId(issue.resolvedAt) },
      }),
    ),
  ];
}

export function reportEvent(run: RunContext, result: CheckResult): Envelope<'health.report'> {
  return createEnvelope('health.report', {
    id: healthReportId(run.check, run.now),
    source: 'health',
    correlationId: run.tickId,
    occurredAt: run.now,
    data: {
      check: run.check,
      scheduledAt: isoId(run.now),
      issues: result.issues,
      counts: { ...result.counts, issues: result.issues.length },
    },
  });
}

/** Events of one issue keep their order (raised before resolved); reports are ordered per check. */
export function healthAggregate(envelope: Envelope): string {
  if (envelope.type === 'health.alert.raised' || envelope.type === 'health.alert.resolved') {
    return `health-issue:${envelope.data.code}:${envelope.data.resource}`;
  }
  return envelope.type === 'health.report' ? `health-report:${envelope.data.check}` : envelope.type;
}
