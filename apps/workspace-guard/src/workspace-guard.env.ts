import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the workspace-guard service reads, validated at boot (README lists them). */
export const workspaceGuardEnvSchema = z.object({
  ...serviceEnv(8084),
  WORKSPACE_DRIVER: z.enum(['database', 'systemd', 'docker']).default('database').describe('how workspaces are stopped and started'),
});

export type WorkspaceGuardEnv = z.infer<typeof workspaceGuardEnvSchema>;
