import { z } from 'zod';
import { clockModeEnv, databaseEnv, logEnv, natsEnv } from '@lifecycle/config';
import { backupEnv } from '@lifecycle/housekeeping';
import { terminalEnv } from './format/terminal.env';

/** What lifecyclectl reads from the environment. */
export const cliEnvSchema = z.object({
  ...databaseEnv,
  ...natsEnv,
  ...logEnv,
  ...clockModeEnv,
  ...backupEnv,
  ...terminalEnv,
  SCHEDULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('schedule overrides (see config/schedules.example.yaml); unset: `config/schedules.yaml` when it exists, else the defaults'),
});
export type CliEnv = z.infer<typeof cliEnvSchema>;
