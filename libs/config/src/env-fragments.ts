import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './config.error';

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

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Express's `trust proxy` list, without `true` (that would believe any client's X-Forwarded-* headers). */
const trustProxy = z.string().refine(
  (value) =>
    value.split(',').every((item) => {
      const [address, bits, ...rest] = item.trim().split('/');
      if (PROXY_NAMES.has(address) && bits === undefined) return true;
      const family = isIP(address);
      if (!family || rest.length) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    }),
  { message: 'must be comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal, e.g. loopback,10.0.0.0/8' },
);

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
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('address the HTTP endpoints listen on; any but loopback requires `OPS_TOKEN`'),
  OPS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('operator surfaces (`/metrics`, `/status`, the status page) require it as `Authorization: Bearer <token>` or the status page\'s cookie; required when `HTTP_HOST` is not loopback'),
  TRUST_PROXY: trustProxy
    .optional()
    .describe('proxies whose `X-Forwarded-Proto` is believed (comma-separated addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`): the status page\'s cookie is `Secure` over TLS through them'),
});

export const logEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level'),
  LOG_FILE: z.string().min(1).optional().describe('also log to this file, rotated at 10 MB keeping 5 files'),
  LOG_TO_STDOUT: booleanFlag.default(true).describe('log to stdout (`false` with LOG_FILE: the file only)'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'])
    .default('auto')
    .describe('stdout log format: `auto` is human-readable on a terminal and JSON lines elsewhere; with LOG_FILE, stdout and the file are JSON'),
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

/** 127.0.0.0/8, ::1 and `localhost`: the only addresses an operator surface may listen on without OPS_TOKEN. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** A service reachable beyond this machine never serves its operator surfaces without a token. */
export function assertOpsSurfaceProtected(program: string, env: { HTTP_HOST: string; OPS_TOKEN?: string }): void {
  if (env.OPS_TOKEN || isLoopbackHost(env.HTTP_HOST)) return;
  throw new ConfigError(program, [
    {
      variable: 'OPS_TOKEN',
      message: `is required when HTTP_HOST (${env.HTTP_HOST}) is not a loopback address: /metrics and /status would be open to the network (set OPS_TOKEN to 16 or more random characters, e.g. \`openssl rand -hex 24\`)`,
    },
  ]);
}
