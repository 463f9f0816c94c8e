import type { z } from 'zod';
import { ConfigError } from './config.error';
import { rememberSecrets, secretValuesOf } from './secrets';

/**
 * Parses the environment once at boot; the only place that reads process.env. The secret values it
 * finds are remembered, so that no log line of this process carries them (secrets.ts).
 */
export function loadEnv<S extends z.ZodObject>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    rememberSecrets(secretValuesOf(input));
    return parsed.data;
  }
  throw new ConfigError(
    service,
    parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message })),
  );
}
