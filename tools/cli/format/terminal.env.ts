import { z } from 'zod';

/** What lifecyclectl's output reads from the environment besides cliEnvSchema. */
export const terminalEnv = {
  NO_COLOR: z.string().optional().describe('lifecyclectl: any value turns colours off (they are on only when the output is a terminal), see no-color.org'),
};
