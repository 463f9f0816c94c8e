import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the clock service reads, validated at boot (README lists them). */
export const clockEnvSchema = z.object({
  ...serviceEnv(8081),
  SCHEDULES_FILE: z.string().min(1).default('config/schedules.yaml').describe('schedule overrides (see config/schedules.example.yaml)'),
});

export type ClockEnv = z.infer<typeof clockEnvSchema>;
