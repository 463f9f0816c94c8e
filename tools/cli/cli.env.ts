import { z } from 'zod';
import { databaseEnv, logEnv, natsEnv } from '@lifecycle/config';

/** What lifecyclectl reads from the environment. */
export const cliEnvSchema = z.object({ ...databaseEnv, ...natsEnv, ...logEnv });
export type CliEnv = z.infer<typeof cliEnvSchema>;
