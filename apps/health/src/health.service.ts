import { healthSettingsFromEnv } from '@lifecycle/health';
import type { ServiceSpec } from '@lifecycle/runtime';
import { healthEnvSchema } from './health.env';
import { HealthModule } from './health.module';
import { COUNTED_SUBJECTS } from './lifecycle-events.controller';
import { SIGN_IN_BODY_LIMIT } from './status.controller';
import { CHECK_TICK_SUBJECTS } from './tick.controller';

// The counting handlers are synchronous: a large batch per pull request costs far less than 8 at a time.
const COUNTING_CONCURRENCY = 256;

export const healthService: ServiceSpec<typeof healthEnvSchema> = {
  service: 'health',
  envSchema: healthEnvSchema,
  // A bad SCHEDULES_FILE stops the boot with the file, schedule and problem named.
  prepare: (env) => void healthSettingsFromEnv(env),
  imports: (env) => [HealthModule.forRoot(env)],
  // The status page's sign-in form; no other route of health reads a body.
  bodies: () => [{ path: '/session', type: 'urlencoded', limit: SIGN_IN_BODY_LIMIT }],
  // One tick of a check in flight: the next one is pulled after it, and skipped when a later one is pending.
  consumers: () => ({
    consumers: Object.fromEntries([
      ...CHECK_TICK_SUBJECTS.map((subject) => [subject, { concurrency: 1 }]),
      ...COUNTED_SUBJECTS.map((subject) => [subject, { concurrency: COUNTING_CONCURRENCY }]),
    ]),
  }),
};
