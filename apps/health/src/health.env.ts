import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';
import { healthCheckEnv } from '@lifecycle/health';
import { backupEnv } from '@lifecycle/housekeeping';
import { bouncePollEnv, checkBouncePollEnv } from '@lifecycle/notifier';
import { workspaceDriverEnv } from '@lifecycle/workspace-guard';

/** Every variable the health service reads, validated at boot (README lists them; docs/health.md the thresholds). */
export const healthEnvSchema = z.object({
  ...serviceEnv(8085),
  ...healthCheckEnv,
  ...backupEnv,
  ...bouncePollEnv,
  // the driver's real state decides workspace.stopped_while_active (docs/health.md)
  ...workspaceDriverEnv,
}).superRefine(checkBouncePollEnv);

export type HealthEnv = z.infer<typeof healthEnvSchema>;
