import { z } from 'zod';
import { positiveInt, serviceEnv } from '@lifecycle/config';
import { parseDuration } from '@lifecycle/time';
import { workspaceDriverEnv } from '@lifecycle/workspace-guard';

const isDurationList = (value: string): boolean => {
  try {
    return value.split(',').every((part) => parseDuration(part.trim()) >= 0);
  } catch {
    return false;
  }
};

/** Every variable the workspace-guard service reads, validated at boot (README lists them; docs/workspace-guard.md explains them). */
export const workspaceGuardEnvSchema = z.object({
  ...serviceEnv(8084),
  ...workspaceDriverEnv,
  DRIVER_MAX_ATTEMPTS: positiveInt
    .max(100)
    .default(5)
    .describe('deliveries of an event whose driver calls fail before `workspace.action_failed` and a dead letter'),
  DRIVER_RETRY_BACKOFF: z
    .string()
    .default('10s,1m,5m,15m')
    .refine(isDurationList, { message: 'must be comma-separated durations, e.g. 10s,1m,5m,15m' })
    .describe('waits before the 2nd, 3rd, … delivery after a driver failure (the last one repeats)'),
});

export type WorkspaceGuardEnv = z.infer<typeof workspaceGuardEnvSchema>;

export interface GuardRetrySettings {
  maxAttempts: number;
  backoffMs: number[];
}

export function guardRetrySettings(env: WorkspaceGuardEnv): GuardRetrySettings {
  return { maxAttempts: env.DRIVER_MAX_ATTEMPTS, backoffMs: env.DRIVER_RETRY_BACKOFF.split(',').map((part) => parseDuration(part.trim())) };
}
