import { alertEvents, healthAggregate, reportEvent } from './health-events';
import { distinctIssues, healthIssue } from './health-issue.factory';

const run = { check: 'workspace-health' as const, now: new Date('2026-12-01T10:15:00Z'), tickId: 'workspace-health@2026-12-01T10:15:00Z' };
const issue = { ...healthIssue('workspace.missing', 'subscription:42', 'no workspace'), firstSeenAt: new Date('2026-12-01T10:00:00Z') };

describe('health events', () => {
  it('raise and resolve an issue under ids keyed on its first sighting', () => {
    const events = alertEvents(run, { raised: [issue], resolved: [{ ...issue, resolvedAt: run.now }] });
    expect(events.map((e) => [e.type, e.id, e.correlationId, e.occurredAt])).toEqual([
      ['health.alert.raised', 'health.alert.raised:workspace.missing:subscription:42:2026-12-01T10:00:00Z', run.tickId, '2026-12-01T10:15:00.000Z'],
      ['health.alert.resolved', 'health.alert.resolved:workspace.missing:subscription:42:2026-12-01T10:00:00Z', run.tickId, '2026-12-01T10:15:00.000Z'],
    ]);
    expect(events[1].data).toEqual({
      check: 'workspace-health',
      code: 'workspace.missing',
      severity: 'warning',
      resource: 'subscription:42',
      message: 'no workspace',
      firstSeenAt: '2026-12-01T10:00:00Z',
      resolvedAt: '2026-12-01T10:15:00Z',
    });
    expect(new Set(events.map(healthAggregate))).toEqual(new Set(['health-issue:workspace.missing:subscription:42']));
  });

  it('report the run once per check and slot', () => {
    const report = reportEvent(run, { issues: [issue], counts: { 'workspace.missing': 3 } });
    expect(report.id).toBe('health.report:workspace-health@2026-12-01T10:15:00Z');
    expect(report.data.counts).toEqual({ 'workspace.missing': 3, issues: 1 });
    expect(healthAggregate(report)).toBe('health-report:workspace-health');
  });

  it('keep one issue per code and resource, and cut long messages', () => {
    const twice = [healthIssue('workspace.missing', 'subscription:1', 'a'), healthIssue('workspace.missing', 'subscription:1', 'b')];
    expect(distinctIssues(twice).map((i) => i.message)).toEqual(['a']);
    expect(healthIssue('email.failed', 'email_type:x', 'x'.repeat(900)).message).toHaveLength(500);
  });
});
