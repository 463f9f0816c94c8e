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
  GUARD_CONCURRENCY: positiveInt
    .max(256)
    .optional()
    .describe(
      'events handled at once per subject and process; default 16 with the `database` driver (one short transaction each), ' +
        '4 with `systemd` or `docker` (each holds a database connection while its driver calls run)',
    ),
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

/** GUARD_CONCURRENCY's defaults: measured with tools/bench/workspace-guard.ts (docs/workspace-guard.md, "Throughput"). */
export const DEFAULT_GUARD_CONCURRENCY = { flagsOnly: 16, driverCalls: 4 } as const;

/** Handlers in flight per consumer (subject) and process. */
export function guardConcurrency(env: WorkspaceGuardEnv): number {
  if (env.GUARD_CONCURRENCY !== undefined) return env.GUARD_CONCURRENCY;
  return env.WORKSPACE_DRIVER === 'database' ? DEFAULT_GUARD_CONCURRENCY.flagsOnly : DEFAULT_GUARD_CONCURRENCY.driverCalls;
}

export function guardRetrySettings(env: WorkspaceGuardEnv): GuardRetrySettings {
  return { maxAttempts: env.DRIVER_MAX_ATTEMPTS, backoffMs: env.DRIVER_RETRY_BACKOFF.split(',').map((part) => parseDuration(part.trim())) };
}
