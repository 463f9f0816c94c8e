import { z } from 'zod';

/** Shared pieces of the per-app env schemas (ARCHITECTURE.md, "Interfaces other programs rely on"). */

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL, e.g. ${example}` },
  );

const natsUrl = z
  .string()
  .refine((value) => value.split(',').every((u) => urlWithProtocols(['nats:', 'tls:'], '').safeParse(u.trim()).success), {
    message: 'must be one or more comma-separated nats:// URLs, e.g. nats://127.0.0.1:4222',
  });

export const port = z.coerce.number().int().min(1).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const natsEnv = {
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222').describe('one or more comma-separated `nats://` URLs'),
  NATS_USER: z.string().min(1).optional().describe('NATS user (with `NATS_PASS`)'),
  NATS_PASS: z.string().min(1).optional().describe('NATS password'),
  NATS_TOKEN: z.string().min(1).optional().describe('NATS token (instead of user and password)'),
  STREAM_REPLICAS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be from 1 to 5')
    .max(5, 'must be from 1 to 5')
    .default(1)
    .describe('copies of every stream and of the simulated-time KV bucket: 1 on one server, 3 on a three-node cluster; at most the cluster size (checked at boot)'),
  LIFECYCLE_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'may contain only letters, digits, "_" and "-"')
    .default('')
    .describe('prefix for every stream name and subject, so environments can share one NATS server'),
};

export const databaseEnv = {
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/lifecycle').default(
    'postgres://postgres@127.0.0.1:5432/lifecycle',
  ).describe("the platform's PostgreSQL database"),
  DATABASE_POOL_SIZE: positiveInt.max(100).default(10).describe('database connections per process'),
};

export const httpEnv = (defaultPort: number) => ({
  HTTP_PORT: port.default(defaultPort).describe('port of `/healthz`, `/readyz`, `/metrics` (and the service\'s own endpoints)'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('address the HTTP endpoints listen on'),
  OPS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('when set, operator surfaces (`/metrics`, `/status`) require `Authorization: Bearer <token>`'),
});

export const logEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level'),
  LOG_FILE: z.string().min(1).optional().describe('also log to this file, rotated at 10 MB keeping 5 files'),
  LOG_TO_STDOUT: booleanFlag.default(true).describe('log JSON lines to stdout (`false` with LOG_FILE: the file only)'),
};

export const clockModeEnv = {
  CLOCK_MODE: z.enum(['system', 'simulated']).default('system').describe('`system` (wall clock) or `simulated` (time moves only when told to)'),
  CLOCK_START: z.iso
    .datetime({ offset: true, message: 'must be an ISO-8601 time, e.g. 2026-12-01T00:00:00Z' })
    .optional()
    .describe('simulated mode: the time to start from'),
};

/** What every service needs: NATS, PostgreSQL, the ops HTTP endpoints and logging. */
export const serviceEnv = (defaultPort: number) => ({ ...natsEnv, ...databaseEnv, ...httpEnv(defaultPort), ...logEnv, ...clockModeEnv });

export type ServiceEnv = z.infer<z.ZodObject<ReturnType<typeof serviceEnv>>>;
