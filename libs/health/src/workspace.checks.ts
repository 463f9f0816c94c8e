import type { HealthSettings } from './health.settings';
import type { WorkspaceFacts } from './health-facts';
import { companyLabel, formatDuration, iso, withArticle } from './health-format';
import { healthIssue, type CheckResult } from './health-issue.factory';

/** workspace-health: workspaces run exactly when their company's subscription allows (docs/health.md). */
export function workspaceChecks(facts: WorkspaceFacts, now: Date, settings: Pick<HealthSettings, 'workspaceStopGraceMs'>): CheckResult {
  const graceEnd = now.getTime() - settings.workspaceStopGraceMs;
  const missing = facts.subscriptionsWithoutWorkspace.rows.map((s) =>
    healthIssue(
      'workspace.missing',
      `subscription:${s.subscriptionId}`,
      `${companyLabel(s.companyId, s.companyName)} has ${withArticle(s.status)} subscription but no workspace`,
    ),
  );
  const inactive = facts.runningWhileInactive.rows
    .filter((w) => w.statusSince.getTime() <= graceEnd)
    .map((w) =>
      healthIssue(
        'workspace.running_while_inactive',
        `workspace:${w.workspaceId}`,
        `workspace "${w.workspaceName}" of ${companyLabel(w.companyId, w.companyName)} runs although its subscription ${w.subscriptionId} ` +
          `is ${w.subscriptionStatus} (since ${iso(w.statusSince)}, ${formatDuration(now.getTime() - w.statusSince.getTime())} ago)`,
      ),
    );
  const orphans = facts.orphanRunning.rows.map((w) =>
    healthIssue(
      'workspace.orphan_running',
      `workspace:${w.workspaceId}`,
      `workspace "${w.workspaceName}" of ${companyLabel(w.companyId, w.companyName)} runs ` +
        (w.subscriptionStatus === null ? 'but the company has no subscription' : `with subscription status "${w.subscriptionStatus}"`),
    ),
  );
  const failures = facts.actionFailures.rows.map((f) =>
    healthIssue(
      'workspace.action_failed',
      `workspace:${f.workspaceId}`,
      `workspace-guard could not ${f.action} workspace "${f.workspaceName}" of company ${f.companyId} (after ${f.reason}, ` +
        `${f.occurredAt}): ${f.error}`,
    ),
  );
  const stopped = facts.guardStopped.rows
    .filter((c) => c.statusSince.getTime() <= graceEnd && c.workspaces.length > 0)
    .map((c) =>
      healthIssue(
        'workspace.stopped_while_active',
        `company:${c.companyId}`,
        `${c.workspaces.length} workspace(s) of ${companyLabel(c.companyId, c.companyName)} stopped by this product are still stopped ` +
          `although its subscription ${c.subscriptionId} is ${c.subscriptionStatus} (since ${iso(c.statusSince)}, ` +
          `${formatDuration(now.getTime() - c.statusSince.getTime())} ago): ${c.workspaces.map((w) => `"${w.workspaceName}"`).join(', ')}`,
      ),
    );
  return {
    issues: [...missing, ...inactive, ...orphans, ...failures, ...stopped],
    counts: {
      'workspace.missing': facts.subscriptionsWithoutWorkspace.total,
      'workspace.running_while_inactive': facts.runningWhileInactive.total,
      'workspace.orphan_running': facts.orphanRunning.total,
      'workspace.action_failed': facts.actionFailures.total,
      'workspace.stopped_while_active': facts.guardStopped.total,
    },
  };
}
