import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';
import { parseDuration } from '@lifecycle/time';

const isDuration = (value: string) => {
  try {
    return parseDuration(value) > 0;
  } catch {
    return false;
  }
};

/** Every variable the clock service reads, validated at boot (README lists them). */
export const clockEnvSchema = z.object({
  ...serviceEnv(8081),
  SCHEDULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('schedule overrides (see config/schedules.example.yaml); unset: `config/schedules.yaml` when it exists, else the defaults'),
  CLOCK_REPLICA_ID: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('name of this clock replica, recorded in `clock_slots.claimed_by`; unset: `<hostname>:<pid>`'),
  CLOCK_CONTROL_TIMEOUT: z
    .string()
    .refine(isDuration, 'must be a duration such as 30s, 2m or 1m30s')
    .default('30s')
    .describe('how long a `clock.control.*` request waits for its ticks to be published before answering with an error'),
});

export type ClockEnv = z.infer<typeof clockEnvSchema>;
