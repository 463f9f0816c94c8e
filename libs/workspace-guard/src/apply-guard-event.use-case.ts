import type { Clock } from '@lifecycle/time';
import { judge } from './guard-decision.rule';
import type { GuardEvent } from './guard-event';
import { NO_GUARD_METRICS, type GuardDeps, type GuardLogger, type GuardMetrics } from './guard.ports';
import { InstrumentedDriver } from './instrumented.driver';
import { RestoreWorkspaces } from './restore-workspaces.use-case';
import { SuspendWorkspaces } from './suspend-workspaces.use-case';
import { WorkspaceActionsFailedError, type ActionFailure } from './workspace-actions-failed.error';
import { actionFailedFact, auditEntry } from './workspace-facts';
import type { WorkspaceDriver } from './workspace-driver.port';
import type { CompanySession, WorkspaceGuardStore } from './workspace-guard.store';

export interface ApplyOptions {
  /** The transport will not deliver the event again: failures become `workspace.action_failed`. */
  finalAttempt: boolean;
}

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

export interface ApplyGuardEventDeps {
  store: WorkspaceGuardStore;
  driver: WorkspaceDriver;
  clock: Clock;
  logger: GuardLogger;
  metrics?: GuardMetrics;
}

/**
 * The one use case behind `trial.expired`, `subscription.suspended` and `subscription.reactivated`:
 * under the company's lock, drop a duplicate or an event older than the company's decision, record
 * the decision, and bring the workspaces to it. With a flags-only driver all of it is one transaction
 * with set-based statements; with a real driver the driver calls run between batched database steps.
 * Driver failures throw WorkspaceActionsFailedError (the transport retries with back-off); on the
 * final attempt they are first announced as `workspace.action_failed`.
 */
export class ApplyGuardEvent {
  private readonly deps: GuardDeps;
  private readonly metrics: GuardMetrics;
  private readonly suspend: SuspendWorkspaces;
  private readonly restore: RestoreWorkspaces;

  constructor(private readonly options: ApplyGuardEventDeps) {
    this.metrics = options.metrics ?? NO_GUARD_METRICS;
    this.deps = { driver: new InstrumentedDriver(options.driver, this.metrics), clock: options.clock, logger: options.logger };
    this.suspend = new SuspendWorkspaces(this.deps);
    this.restore = new RestoreWorkspaces(this.deps);
  }

  async execute(event: GuardEvent, options: ApplyOptions): Promise<ApplyOutcome> {
    const { store } = this.options;
    try {
      const outcome = this.deps.driver.flagsOnly
        ? await store.withCompanyTransaction(event.companyId, (session) => this.applyAtOnce(session, event))
        : await store.withCompanyLock(event.companyId, (session) => this.apply(session, event, options));
      this.metrics.event(event.type, outcome);
      return outcome;
    } catch (error) {
      this.metrics.event(event.type, 'failed');
      throw error;
    }
  }

  /** A flags-only driver: everything in the one transaction that holds the company's lock. */
  private async applyAtOnce(session: CompanySession, event: GuardEvent): Promise<ApplyOutcome> {
    const skipped = await this.admit(session, event);
    if (skipped) return skipped;
    const changed = event.desired === 'suspended' ? await this.suspend.runAtOnce(session, event) : await this.restore.runAtOnce(session, event);
    this.logApplied(event, changed);
    return 'applied';
  }

  /** A driver that acts on something real: driver calls between the database steps, under a session lock. */
  private async apply(session: CompanySession, event: GuardEvent, options: ApplyOptions): Promise<ApplyOutcome> {
    const skipped = await this.admit(session, event);
    if (skipped) return skipped;
    await session.recordDecision(event);
    const step = event.desired === 'suspended' ? this.suspend : this.restore;
    // The step records the event as processed with its last write, unless a driver call failed.
    const { changed, failures } = await step.run(session, event);
    if (failures.length > 0) {
      const error = new WorkspaceActionsFailedError(event, failures);
      if (options.finalAttempt || error.permanent) await this.announce(session, event, failures);
      throw error;
    }
    this.logApplied(event, changed);
    return 'applied';
  }

  /** Null when the event is to be applied; otherwise why not (a stale event is recorded as processed). */
  private async admit(session: CompanySession, event: GuardEvent): Promise<ApplyOutcome | null> {
    const { logger } = this.deps;
    const { processed, decision } = await session.lookup(event);
    if (processed) {
      logger.log(`${event.type} ${event.id}: already handled, nothing to do`);
      return 'duplicate';
    }
    if (decision && judge(decision, event) === 'stale') {
      logger.log(
        `${event.type} ${event.id} (${event.occurredAt.toISOString()}) ignored: company ${event.companyId} already follows ` +
          `${decision.eventId} (${decision.decidedAt.toISOString()}), which wants its workspaces ${decision.desired}`,
      );
      await session.markProcessed(event.id);
      return 'stale';
    }
    return null;
  }

  private logApplied(event: GuardEvent, changed: number): void {
    this.deps.logger.log(`${event.type} ${event.id}: company ${event.companyId} ${event.desired}, ${changed} workspace(s) changed`);
  }

  private async announce(session: CompanySession, event: GuardEvent, failures: readonly ActionFailure[]): Promise<void> {
    const { driver, clock, logger } = this.deps;
    for (const { workspace, action, error } of failures) {
      const at = clock.now();
      const details = { driver: driver.name, action };
      const written = await session.recordFailure(
        actionFailedFact(workspace, event, driver.name, action, error.message, at),
        auditEntry('workspace_action_failed', workspace, event, at, details, error.message),
      );
      if (written) logger.error(`gave up: could not ${action} workspace ${workspace.id} of company ${workspace.companyId} for ${event.id}: ${error.message}`);
    }
  }
}
