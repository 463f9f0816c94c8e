import type { GuardEvent } from './guard-event';
import type { GuardDeps } from './guard.ports';
import type { ActionFailure } from './workspace-actions-failed.error';
import { auditEntry, stoppedFact } from './workspace-facts';
import type { WorkspaceDriverError } from './workspace-driver.error';
import type { RuntimeState } from './workspace-driver.port';
import type { CompanySession, GuardWorkspace } from './workspace-guard.store';

export interface StepResult {
  changed: number;
  failures: ActionFailure[];
}

/**
 * Stops the company's active workspaces through the driver, then records each one as suspended
 * (one transaction per workspace: status, audit row, `workspace.stopped`). What ran is recorded
 * before the driver acts, so a retry after a crash still knows what to bring back.
 */
export class SuspendWorkspaces {
  constructor(private readonly deps: GuardDeps) {}

  async run(session: CompanySession, event: GuardEvent): Promise<StepResult> {
    const result: StepResult = { changed: 0, failures: [] };
    for (const workspace of await session.activeWorkspaces(event.companyId)) {
      const failure = await this.suspend(session, event, workspace);
      if (failure) result.failures.push(failure);
      else result.changed++;
    }
    return result;
  }

  private async suspend(session: CompanySession, event: GuardEvent, workspace: GuardWorkspace): Promise<ActionFailure | null> {
    const { driver, clock, logger } = this.deps;
    let state: RuntimeState;
    try {
      state = await driver.state(workspace);
    } catch (error) {
      return { workspace, action: 'stop', error: error as WorkspaceDriverError };
    }
    // The platform's flag counts too: a unit it believes up but that crashed is brought back on restore.
    const wasRunning = await session.rememberSuspension(workspace, workspace.isRunning || state === 'running', event, clock.now());
    const mustStop = workspace.isRunning || state !== 'stopped';
    if (mustStop) {
      try {
        await driver.stop(workspace);
      } catch (error) {
        return { workspace, action: 'stop', error: error as WorkspaceDriverError };
      }
    }
    const at = clock.now();
    const details = { driver: driver.name, target: driver.target(workspace), wasRunning, stopped: mustStop };
    const suspended = await session.markSuspended(workspace, {
      at,
      stopped: mustStop,
      audit: auditEntry('workspace_suspended', workspace, event, at, details),
      envelope: stoppedFact(workspace, event, driver.name, at),
    });
    if (suspended) logger.log(`workspace ${workspace.id} of company ${workspace.companyId} suspended (${event.type} ${event.id}; ${mustStop ? 'stopped' : 'was not running'})`);
    return null;
  }
}
