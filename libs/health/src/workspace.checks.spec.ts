import type { WorkspaceFacts } from './health-facts';
import { workspaceChecks } from './workspace.checks';

const NOW = new Date('2026-12-01T10:00:00Z');
const settings = { workspaceStopGraceMs: 15 * 60_000 };
const none = { rows: [], total: 0 };
const healthy: WorkspaceFacts = {
  subscriptionsWithoutWorkspace: none,
  runningWhileInactive: none,
  orphanRunning: none,
  actionFailures: none,
  guardStopped: none,
};
const ws = { workspaceId: 7, workspaceName: 'main', companyId: 3, companyName: 'Acme' };
const codes = (facts: Partial<WorkspaceFacts>) => workspaceChecks({ ...healthy, ...facts }, NOW, settings).issues.map((i) => `${i.code} ${i.resource}`);

describe('workspaceChecks', () => {
  it('finds nothing in a consistent state', () => {
    const result = workspaceChecks(healthy, NOW, settings);
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({
      'workspace.missing': 0,
      'workspace.running_while_inactive': 0,
      'workspace.orphan_running': 0,
      'workspace.action_failed': 0,
      'workspace.stopped_while_active': 0,
    });
  });

  it('workspace.stopped_while_active: one issue per company naming its workspaces, only once the grace has passed', () => {
    const company = (statusSince: string) => ({
      companyId: 3,
      companyName: 'Acme',
      subscriptionId: 42,
      subscriptionStatus: 'active',
      statusSince: new Date(statusSince),
      workspaces: [
        { workspaceId: 7, workspaceName: 'main', linuxUsername: 'acme-main', isRunning: false },
        { workspaceId: 8, workspaceName: 'docs', linuxUsername: 'acme-docs', isRunning: false },
      ],
    });
    const [issue, ...more] = workspaceChecks({ ...healthy, guardStopped: { rows: [company('2026-12-01T09:00:00Z')], total: 1 } }, NOW, settings).issues;
    expect(more).toEqual([]);
    expect(issue).toMatchObject({
      code: 'workspace.stopped_while_active',
      resource: 'company:3',
      severity: 'critical',
      message:
        '2 workspace(s) of "Acme" (company 3) stopped by this product are still stopped although its subscription 42 is active ' +
        '(since 2026-12-01T09:00:00Z, 1h ago): "main", "docs"',
    });
    expect(codes({ guardStopped: { rows: [company('2026-12-01T09:50:00Z')], total: 1 } })).toEqual([]);
  });

  it('workspace.missing: a trial or active subscription without a workspace', () => {
    const facts = { subscriptionsWithoutWorkspace: { rows: [{ subscriptionId: 42, companyId: 3, companyName: 'Acme', status: 'trial' }], total: 1 } };
    const [issue] = workspaceChecks({ ...healthy, ...facts }, NOW, settings).issues;
    expect(issue).toEqual({
      code: 'workspace.missing',
      severity: 'warning',
      resource: 'subscription:42',
      message: '"Acme" (company 3) has a trial subscription but no workspace',
    });
  });

  it('workspace.running_while_inactive: only once the stop grace has passed', () => {
    const row = { ...ws, subscriptionId: 42, subscriptionStatus: 'suspended' };
    const past = { runningWhileInactive: { rows: [{ ...row, statusSince: new Date('2026-12-01T09:40:00Z') }], total: 1 } };
    const recent = { runningWhileInactive: { rows: [{ ...row, statusSince: new Date('2026-12-01T09:50:00Z') }], total: 1 } };
    expect(codes(past)).toEqual(['workspace.running_while_inactive workspace:7']);
    expect(workspaceChecks({ ...healthy, ...past }, NOW, settings).issues[0]).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining('is suspended (since 2026-12-01T09:40:00Z, 20m ago)'),
    });
    expect(codes(recent)).toEqual([]);
  });

  it('workspace.orphan_running: a running workspace without a subscription', () => {
    const facts = { orphanRunning: { rows: [{ ...ws, subscriptionStatus: null }, { ...ws, workspaceId: 8, subscriptionStatus: 'weird' }], total: 2 } };
    const issues = workspaceChecks({ ...healthy, ...facts }, NOW, settings).issues;
    expect(issues.map((i) => i.resource)).toEqual(['workspace:7', 'workspace:8']);
    expect(issues[0].message).toContain('the company has no subscription');
    expect(issues[1].message).toContain('subscription status "weird"');
  });

  it('workspace.action_failed: the failure and its error', () => {
    const facts = {
      actionFailures: {
        rows: [{ ...ws, action: 'stop' as const, reason: 'trial.expired', error: 'systemctl exited with 1', occurredAt: '2026-12-01T09:00:00Z', eventId: 'e1' }],
        total: 1,
      },
    };
    const [issue] = workspaceChecks({ ...healthy, ...facts }, NOW, settings).issues;
    expect(issue).toMatchObject({ code: 'workspace.action_failed', severity: 'critical', resource: 'workspace:7' });
    expect(issue.message).toBe('workspace-guard could not stop workspace "main" of company 3 (after trial.expired, 2026-12-01T09:00:00Z): systemctl exited with 1');
  });

  it('counts every match, also beyond the rows listed', () => {
    const facts = { subscriptionsWithoutWorkspace: { rows: [{ subscriptionId: 1, companyId: 1, companyName: null, status: 'active' }], total: 120 } };
    expect(workspaceChecks({ ...healthy, ...facts }, NOW, settings).counts['workspace.missing']).toBe(120);
  });
});
