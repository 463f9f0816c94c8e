import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { isSecretVariable, loadEnv } from '@lifecycle/config';
import { createLogger, redactionOptions } from '@lifecycle/observability';
import { ENV_SCHEMAS } from '../tools/docs/env-schemas';

/**
 * No log line carries a secret (ARCHITECTURE.md). Every secret variable any program's schema knows gets
 * a value, the programs load their environments as at boot, and objects holding those values at several
 * depths, under innocent names too, in messages, errors and connection strings, are logged. The output is
 * scanned for the values themselves, not for key names.
 */

const secretNames = [...new Set(Object.values(ENV_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)))].filter(isSecretVariable).sort();
const secretOf = (name: string) => `v4l-${name.toLowerCase()}-${name.length}q"\\x`;
const databasePassword = 'db-pa55word-zq';
const natsPassword = 'nats-pa55word-zq';

const environment: NodeJS.ProcessEnv = {
  ...Object.fromEntries(secretNames.map((name) => [name, secretOf(name)])),
  DATABASE_URL: `postgres://lifecycle:${databasePassword}@db.internal:5432/lifecycle`,
  NATS_URL: `nats://billing:${natsPassword}@nats-1:4222,nats://billing:${natsPassword}@nats-2:4222`,
  NATS_USER: 'billing',
  MAIL_TRANSPORT: 'mailjet',
  MAILJET_WEBHOOK_USER: 'mailjet-hook',
  PAYMENT_GATEWAY: 'paytr',
  PAYTR_MERCHANT_ID: '123456',
  PAYTR_USER_IP: '203.0.113.7',
  PAYTR_TEST_MODE: 'true',
};
// Values no variable holds, known to be secret only by the field that carries them (PayTR's card tokens).
const keyedSecrets = { utoken: 'card-utoken-77aa', ctoken: 'card-ctoken-88bb', merchant_salt: 'salt-not-in-env-1', paytr_token: 'hash-token-99cc' };

const allSecretValues = () => [...secretNames.map(secretOf), databasePassword, natsPassword, ...Object.values(keyedSecrets)];

function logEverything(logger: pino.Logger): void {
  const values = secretNames.map(secretOf);
  const nest = (depth: number, leaf: Record<string, unknown>): Record<string, unknown> => (depth === 0 ? leaf : { level: depth, inner: nest(depth - 1, leaf) });
  for (const [i, value] of values.entries()) {
    const depth = (i % 5) + 1;
    logger.info({ context: nest(depth, { note: value, list: [value, { deeper: value }] }) }, 'innocent names');
    logger.info(nest(depth, { [secretNames[i]]: value }), `message carrying ${value}`);
    logger.error({ err: new Error(`failed with ${value}`) }, 'an error');
  }
  logger.info({ database: environment.DATABASE_URL, nats: environment.NATS_URL }, `connecting to ${environment.DATABASE_URL}`);
  logger.info({ callback: { form: keyedSecrets }, deep: { a: { b: { c: { d: { e: { f: keyedSecrets } } } } } } }, 'paytr notification');
  logger.info({ arr: [[[keyedSecrets]]] }, 'arrays');
}

function expectNoSecret(output: string): void {
  expect(output.length).toBeGreaterThan(1000);
  const leaked = allSecretValues().filter((secret) => output.includes(secret) || output.includes(JSON.stringify(secret).slice(1, -1)));
  expect(leaked).toEqual([]);
  expect(output).toContain('[redacted]');
}

describe('secrets in logs', () => {
  beforeAll(() => {
    for (const [program, schema] of Object.entries(ENV_SCHEMAS)) {
      try {
        loadEnv(program, schema, environment);
      } catch (error) {
        throw new Error(`the test environment does not satisfy ${program}'s schema: ${String(error)}`);
      }
    }
  });

  it('knows the secret variables of every program', () => {
    expect(secretNames).toEqual(
      expect.arrayContaining(['MAILJET_API_KEY', 'MAILJET_API_SECRET', 'MAILJET_WEBHOOK_PASSWORD', 'NATS_PASS', 'NATS_TOKEN', 'OPS_TOKEN', 'PAYTR_MERCHANT_KEY', 'PAYTR_MERCHANT_SALT']),
    );
  });

  it('writes none of them, at any depth, in messages, errors or URLs', () => {
    const lines: string[] = [];
    logEverything(pino({ ...redactionOptions() }, { write: (line: string) => lines.push(line) }));
    const output = lines.join('');
    expectNoSecret(output);
    // Redaction leaves what is not secret.
    expect(output).toContain('db.internal:5432/lifecycle');
    expect(output).toContain('"level":5');
  });

  it('writes none of them to a rotated log file either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-log-'));
    try {
      const logger = createLogger({ service: 'billing', level: 'info', file: join(dir, 'billing.log'), stdout: false });
      logEverything(logger);
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const files = require('node:fs').readdirSync(dir) as string[];
      expectNoSecret(files.map((f) => readFileSync(join(dir, f), 'utf8')).join(''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
