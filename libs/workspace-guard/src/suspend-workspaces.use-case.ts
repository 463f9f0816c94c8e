import type { GuardEvent } from './guard-event';
import type { GuardDeps } from './guard.ports';
import type { ActionFailure } from './workspace-actions-failed.error';
import { auditEntry, stoppedFact } from './workspace-facts';
import type { WorkspaceDriverError } from './workspace-driver.error';
import type { RuntimeState } from './workspace-driver.port';
import type { CompanySession, GuardWorkspace, SuspendedChange } from './workspace-guard.store';

export interface StepResult {
  changed: number;
  failures: ActionFailure[];
}

const byWorkspaceId = (a: ActionFailure, b: ActionFailure): number => a.workspace.id - b.workspace.id;

/**
 * Stops the company's active workspaces and records them as suspended (status, audit row,
 * `workspace.stopped` each). What ran is recorded before the driver acts, so a retry after a crash
 * still knows what to bring back.
 */
export class SuspendWorkspaces {
  constructor(private readonly deps: GuardDeps) {}

  /**
   * A driver that acts on something real: its state and stop calls per workspace, with the database
   * writes batched around them (every record of what ran in one statement before the first stop, every
   * workspace the driver stopped in one transaction after the last, with the ledger entry when none failed).
   */
  async run(session: CompanySession, event: GuardEvent): Promise<StepResult> {
    const { driver, clock } = this.deps;
    const failures: ActionFailure[] = [];
    const observed: { workspace: GuardWorkspace; state: RuntimeState }[] = [];
    for (const workspace of await session.activeWorkspaces(event.companyId)) {
      try {
        observed.push({ workspace, state: await driver.state(workspace) });
      } catch (error) {
        failures.push({ workspace, action: 'stop', error: error as WorkspaceDriverError });
      }
    }
    // The platform's flag counts too: a unit it believes up but that crashed is brought back on restore.
    const recorded = await session.rememberSuspensions(
      observed.map(({ workspace, state }) => ({ workspace, wasRunning: workspace.isRunning || state === 'running' })),
      event,
      clock.now(),
    );
    const changes: SuspendedChange[] = [];
    for (const { workspace, state } of observed) {
      const mustStop = workspace.isRunning || state !== 'stopped';
      if (mustStop) {
        try {
          await driver.stop(workspace);
        } catch (error) {
          failures.push({ workspace, action: 'stop', error: error as WorkspaceDriverError });
          continue;
        }
      }
      const at = clock.now();
      const wasRunning = recorded.get(workspace.id) ?? (workspace.isRunning || state === 'running');
      const details = { driver: driver.name, target: driver.target(workspace), wasRunning, stopped: mustStop };
      changes.push({
        workspace,
        at,
        stopped: mustStop,
        audit: auditEntry('workspace_suspended', workspace, event, at, details),
        envelope: stoppedFact(workspace, event, driver.name, at),
      });
    }
    const changed = await session.markSuspended(changes, failures.length === 0 ? event.id : null);
    for (const change of changes) if (changed.has(change.workspace.id)) this.logSuspended(change.workspace, event, change.stopped);
    return { changed: changed.size, failures: failures.sort(byWorkspaceId) };
  }

  /**
   * A flags-only driver (nothing to call): in the handler's transaction, one statement suspends all the
   * company's active workspaces, one writes their audit rows and the ledger entry, and the outbox gets
   * their `workspace.stopped` events in one insert. Returns how many changed.
   */
  async runAtOnce(session: CompanySession, event: GuardEvent): Promise<number> {
    const { driver, clock } = this.deps;
    const at = clock.now();
    const rows = await session.suspendAll(event, at);
    await session.recordFacts({
      audits: rows.map(({ workspace, wasRunning, stopped }) =>
        auditEntry('workspace_suspended', workspace, event, at, { driver: driver.name, target: driver.target(workspace), wasRunning, stopped }),
      ),
      envelopes: rows.map(({ workspace }) => stoppedFact(workspace, event, driver.name, at)),
      processed: event.id,
    });
    for (const { workspace, stopped } of rows) this.logSuspended(workspace, event, stopped);
    return rows.length;
  }

  private logSuspended(workspace: GuardWorkspace, event: GuardEvent, stopped: boolean): void {
    this.deps.logger.log(
      `workspace ${workspace.id} of company ${workspace.companyId} suspended (${event.type} ${event.id}; ${stopped ? 'stopped' : 'was not running'})`,
    );
  }
}
