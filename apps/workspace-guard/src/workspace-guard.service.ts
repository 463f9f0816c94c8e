import type { ServiceSpec } from '@lifecycle/runtime';
import { GUARD_SUBJECTS } from '@lifecycle/workspace-guard';
import { guardConcurrency, guardRetrySettings, workspaceGuardEnvSchema } from './workspace-guard.env';
import { WorkspaceGuardModule } from './workspace-guard.module';

export const workspaceGuardService: ServiceSpec<typeof workspaceGuardEnvSchema> = {
  service: 'workspace-guard',
  envSchema: workspaceGuardEnvSchema,
  imports: (env) => [WorkspaceGuardModule.forRoot(env)],
  consumers: (env) => {
    const { maxAttempts, backoffMs } = guardRetrySettings(env);
    const settings = { maxDeliver: maxAttempts, backoffMs, concurrency: guardConcurrency(env) };
    return { consumers: Object.fromEntries(GUARD_SUBJECTS.map((subject) => [subject, settings])) };
  },
};
