import { loadClockSchedules } from '@lifecycle/clock';
import type { ServiceSpec } from '@lifecycle/runtime';
import type { ScheduleDefinition } from '@lifecycle/scheduling';
import { clockEnvSchema } from './clock.env';
import { ClockModule } from './clock.module';

let schedules: readonly ScheduleDefinition[] = [];

export const clockService: ServiceSpec<typeof clockEnvSchema> = {
  service: 'clock',
  envSchema: clockEnvSchema,
  // A bad schedules file stops the clock before it connects anywhere, naming the file and the schedule.
  prepare: (env) => {
    schedules = loadClockSchedules(env.SCHEDULES_FILE);
  },
  imports: (env) => [ClockModule.forRoot({ env, schedules })],
};
