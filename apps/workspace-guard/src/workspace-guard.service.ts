import type { ServiceSpec } from '@lifecycle/runtime';
import { GUARD_SUBJECTS } from '@lifecycle/workspace-guard';
import { guardRetrySettings, workspaceGuardEnvSchema } from './workspace-guard.env';
import { WorkspaceGuardModule } from './workspace-guard.module';

// Each handler holds one database connection while it works (the company lock), so fewer run at once than the default.
const CONCURRENCY = 4;

export const workspaceGuardService: ServiceSpec<typeof workspaceGuardEnvSchema> = {
  service: 'workspace-guard',
  envSchema: workspaceGuardEnvSchema,
  imports: (env) => [WorkspaceGuardModule.forRoot(env)],
  consumers: (env) => {
    const { maxAttempts, backoffMs } = guardRetrySettings(env);
    const settings = { maxDeliver: maxAttempts, backoffMs, concurrency: CONCURRENCY };
    return { consumers: Object.fromEntries(GUARD_SUBJECTS.map((subject) => [subject, settings])) };
  },
};
