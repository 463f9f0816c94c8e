import type { GuardEvent } from './guard-event';
import type { GuardDeps } from './guard.ports';
import type { StepResult } from './suspend-workspaces.use-case';
import { auditEntry, startedFact } from './workspace-facts';
import type { WorkspaceDriverError } from './workspace-driver.error';
import type { CompanySession, Suspension } from './workspace-guard.store';

/**
 * Brings back exactly what the guard suspended: every workspace it suspended becomes `active`
 * again, and those that ran are started through the driver first (one transaction per workspace:
 * status, audit row, `workspace.started`).
 */
export class RestoreWorkspaces {
  constructor(private readonly deps: GuardDeps) {}

  async run(session: CompanySession, event: GuardEvent): Promise<StepResult> {
    const result: StepResult = { changed: 0, failures: [] };
    for (const suspension of await session.suspensions(event.companyId)) {
      const { workspace } = suspension;
      if (workspace.status !== 'suspended' && workspace.status !== 'active') {
        await session.forgetSuspension(workspace.id);
        this.deps.logger.warn(`workspace ${workspace.id} of company ${workspace.companyId} left as it is: it is ${workspace.status} now`);
        continue;
      }
      try {
        if (suspension.wasRunning) await this.deps.driver.start(workspace);
      } catch (error) {
        result.failures.push({ workspace, action: 'start', error: error as WorkspaceDriverError });
        continue;
      }
      if (await this.restored(session, event, suspension)) result.changed++;
    }
    return result;
  }

  private async restored(session: CompanySession, event: GuardEvent, { workspace, wasRunning }: Suspension): Promise<boolean> {
    const { driver, clock, logger } = this.deps;
    const at = clock.now();
    const details = { driver: driver.name, target: driver.target(workspace), wasRunning, started: wasRunning };
    const previous = await session.markRestored(
      { workspace, wasRunning },
      {
        at,
        started: wasRunning,
        audit: auditEntry('workspace_restored', workspace, event, at, details),
        envelope: startedFact(workspace, event, driver.name, at),
      },
    );
    if (previous === 'suspended') {
      logger.log(`workspace ${workspace.id} of company ${workspace.companyId} restored (${event.type} ${event.id}; ${wasRunning ? 'started' : 'was not running'})`);
    }
    return previous === 'suspended';
  }
}
