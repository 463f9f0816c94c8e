import type { GuardEvent } from './guard-event';
import type { GuardDeps } from './guard.ports';
import type { StepResult } from './suspend-workspaces.use-case';
import type { ActionFailure } from './workspace-actions-failed.error';
import { auditEntry, startedFact } from './workspace-facts';
import type { WorkspaceDriverError } from './workspace-driver.error';
import type { CompanySession, GuardWorkspace, RestoredChange } from './workspace-guard.store';

const restorable = (workspace: GuardWorkspace): boolean => workspace.status === 'suspended' || workspace.status === 'active';

/**
 * Brings back exactly what the guard suspended: every workspace it suspended becomes `active`
 * again, and those that ran are started (status, audit row, `workspace.started` each).
 */
export class RestoreWorkspaces {
  constructor(private readonly deps: GuardDeps) {}

  /**
   * A driver that acts on something real: a start call per workspace that ran, then every workspace
   * restored in one transaction, with the ledger entry when none failed.
   */
  async run(session: CompanySession, event: GuardEvent): Promise<StepResult> {
    const { driver, clock } = this.deps;
    const suspensions = await session.suspensions(event.companyId);
    const gone = suspensions.filter(({ workspace }) => !restorable(workspace));
    await session.forgetSuspensions(gone.map(({ workspace }) => workspace.id));
    for (const { workspace } of gone) this.logLeftAlone(workspace);

    const failures: ActionFailure[] = [];
    const changes: RestoredChange[] = [];
    for (const { workspace, wasRunning } of suspensions.filter((s) => restorable(s.workspace))) {
      try {
        if (wasRunning) await driver.start(workspace);
      } catch (error) {
        failures.push({ workspace, action: 'start', error: error as WorkspaceDriverError });
        continue;
      }
      const at = clock.now();
      const details = { driver: driver.name, target: driver.target(workspace), wasRunning, started: wasRunning };
      changes.push({
        workspace,
        at,
        started: wasRunning,
        audit: auditEntry('workspace_restored', workspace, event, at, details),
        envelope: startedFact(workspace, event, driver.name, at),
      });
    }
    const previous = await session.markRestored(changes, failures.length === 0 ? event.id : null);
    let changed = 0;
    for (const change of changes) {
      if (previous.get(change.workspace.id) !== 'suspended') continue;
      changed++;
      this.logRestored(change.workspace, event, change.started);
    }
    return { changed, failures };
  }

  /**
   * A flags-only driver: in the handler's transaction, one statement restores every workspace the guard
   * suspended and drops the records, one writes the audit rows and the ledger entry, one insert the
   * outbox events. Returns how many were restored from `suspended`.
   */
  async runAtOnce(session: CompanySession, event: GuardEvent): Promise<number> {
    const { driver, clock } = this.deps;
    const at = clock.now();
    const rows = await session.restoreAll(event, at);
    for (const { workspace } of rows) if (!restorable(workspace)) this.logLeftAlone(workspace);
    // `active`: a suspension interrupted before its status changed; set running again, without an event (none announced its stop).
    const restored = rows.filter((row) => row.previous === 'suspended');
    await session.recordFacts({
      audits: restored.map(({ workspace, wasRunning }) =>
        auditEntry('workspace_restored', workspace, event, at, { driver: driver.name, target: driver.target(workspace), wasRunning, started: wasRunning }),
      ),
      envelopes: restored.map(({ workspace }) => startedFact(workspace, event, driver.name, at)),
      processed: event.id,
    });
    for (const { workspace, wasRunning } of restored) this.logRestored(workspace, event, wasRunning);
    return restored.length;
  }

  private logLeftAlone(workspace: GuardWorkspace): void {
    this.deps.logger.warn(`workspace ${workspace.id} of company ${workspace.companyId} left as it is: it is ${workspace.status} now`);
  }

  private logRestored(workspace: GuardWorkspace, event: GuardEvent, started: boolean): void {
    this.deps.logger.log(
      `workspace ${workspace.id} of company ${workspace.companyId} restored (${event.type} ${event.id}; ${started ? 'started' : 'was not running'})`,
    );
  }
}
