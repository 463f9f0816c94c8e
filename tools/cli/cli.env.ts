import { z } from 'zod';
import { clockModeEnv, databaseEnv, logEnv, natsEnv } from '@lifecycle/config';

/** What lifecyclectl reads from the environment. */
export const cliEnvSchema = z.object({
  ...databaseEnv,
  ...natsEnv,
  ...logEnv,
  ...clockModeEnv,
  SCHEDULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('schedule overrides (see config/schedules.example.yaml); unset: `config/schedules.yaml` when it exists, else the defaults'),
});
export type CliEnv = z.infer<typeof cliEnvSchema>;
