import { healthSettingsFromEnv } from '@lifecycle/health';
import type { ServiceSpec } from '@lifecycle/runtime';
import { healthEnvSchema } from './health.env';
import { HealthModule } from './health.module';

export const healthService: ServiceSpec<typeof healthEnvSchema> = {
  service: 'health',
  envSchema: healthEnvSchema,
  // A bad SCHEDULES_FILE stops the boot with the file, schedule and problem named.
  prepare: (env) => void healthSettingsFromEnv(env),
  imports: (env) => [HealthModule.forRoot(env)],
};
