import type { GuardEvent } from './guard-event';
import type { WorkspaceDriverError } from './workspace-driver.error';
import type { GuardWorkspace } from './workspace-guard.store';

export interface ActionFailure {
  workspace: GuardWorkspace;
  action: 'stop' | 'start';
  error: WorkspaceDriverError;
}

/**
 * The driver failed for some of a company's workspaces (the others were handled). The transport
 * retries the event; `permanent` (every failure is one no retry can fix) dead-letters it at once.
 */
export class WorkspaceActionsFailedError extends Error {
  readonly permanent: boolean;

  constructor(
    readonly event: GuardEvent,
    readonly failures: readonly ActionFailure[],
  ) {
    const list = failures.map((f) => `${f.action} workspace ${f.workspace.id}: ${f.error.message}`).join('; ');
    super(`company ${event.companyId}, ${event.type} ${event.id}: ${list}`);
    this.name = 'WorkspaceActionsFailedError';
    this.permanent = failures.length > 0 && failures.every((f) => f.error.permanent);
  }
}
