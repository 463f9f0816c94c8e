import { z } from 'zod';
import { entityIdSchema } from './common.schemas';

export const WORKSPACE_STOPPED = 'workspace.stopped';
export const WORKSPACE_STARTED = 'workspace.started';
export const WORKSPACE_ACTION_FAILED = 'workspace.action_failed';

export const WORKSPACE_SUBJECTS = [WORKSPACE_STOPPED, WORKSPACE_STARTED, WORKSPACE_ACTION_FAILED] as const;
export type WorkspaceSubject = (typeof WORKSPACE_SUBJECTS)[number];

export const WORKSPACE_DRIVERS = ['database', 'systemd', 'docker'] as const;
export type WorkspaceDriverName = (typeof WORKSPACE_DRIVERS)[number];

const workspaceFactShape = {
  workspaceId: entityIdSchema,
  companyId: entityIdSchema,
  workspaceName: z.string(),
  reason: z.string().meta({ examples: ['trial.expired', 'subscription.suspended', 'subscription.reactivated'] }),
  driver: z.enum(WORKSPACE_DRIVERS),
};

export const workspaceStateDataSchema = z.object({ ...workspaceFactShape, error: z.string().optional() });
export const workspaceStoppedDataSchema = workspaceStateDataSchema;
export const workspaceStartedDataSchema = workspaceStateDataSchema;
export type WorkspaceStopped = z.infer<typeof workspaceStoppedDataSchema>;
export type WorkspaceStarted = z.infer<typeof workspaceStartedDataSchema>;

export const workspaceActionFailedDataSchema = z.object({
  ...workspaceFactShape,
  action: z.enum(['stop', 'start']),
  error: z.string(),
});
export type WorkspaceActionFailed = z.infer<typeof workspaceActionFailedDataSchema>;
