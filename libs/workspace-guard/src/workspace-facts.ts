import { createEnvelope, workspaceEventId, type Envelope, type WorkspaceDriverName } from '@lifecycle/contracts';
import type { GuardEvent } from './guard-event';
import type { AuditEntry, GuardWorkspace } from './workspace-guard.store';

const ERROR_LIMIT = 1_000;

function factData(workspace: GuardWorkspace, cause: GuardEvent, driver: WorkspaceDriverName) {
  return { workspaceId: workspace.id, companyId: workspace.companyId, workspaceName: workspace.name, reason: cause.type, driver };
}

// One event per workspace and cause (workspaceEventId), so a redelivery cannot announce a change twice.

export function stoppedFact(workspace: GuardWorkspace, cause: GuardEvent, driver: WorkspaceDriverName, at: Date): Envelope<'workspace.stopped'> {
  return createEnvelope('workspace.stopped', {
    id: workspaceEventId('workspace.stopped', workspace.id, cause.id),
    source: 'workspace-guard',
    correlationId: cause.id,
    occurredAt: at,
    data: factData(workspace, cause, driver),
  });
}

export function startedFact(workspace: GuardWorkspace, cause: GuardEvent, driver: WorkspaceDriverName, at: Date): Envelope<'workspace.started'> {
  return createEnvelope('workspace.started', {
    id: workspaceEventId('workspace.started', workspace.id, cause.id),
    source: 'workspace-guard',
    correlationId: cause.id,
    occurredAt: at,
    data: factData(workspace, cause, driver),
  });
}

export function actionFailedFact(
  workspace: GuardWorkspace,
  cause: GuardEvent,
  driver: WorkspaceDriverName,
  action: 'stop' | 'start',
  error: string,
  at: Date,
): Envelope<'workspace.action_failed'> {
  return createEnvelope('workspace.action_failed', {
    id: workspaceEventId('workspace.action_failed', workspace.id, cause.id),
    source: 'workspace-guard',
    correlationId: cause.id,
    occurredAt: at,
    data: {
      ...factData(workspace, cause, driver),
      action,
      error: error.length > ERROR_LIMIT ? `${error.slice(0, ERROR_LIMIT)}…` : error,
    },
  });
}

export function auditEntry(
  actionType: AuditEntry['actionType'],
  workspace: GuardWorkspace,
  cause: GuardEvent,
  at: Date,
  details: Record<string, unknown>,
  error?: string,
): AuditEntry {
  return {
    timestamp: at,
    companyId: workspace.companyId,
    actionType,
    resourceId: workspace.id,
    details: { eventId: cause.id, reason: cause.type, ...details },
    success: error === undefined,
    errorMessage: error,
  };
}
