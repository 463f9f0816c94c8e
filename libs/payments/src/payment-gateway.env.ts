import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { booleanFlag } from '@lifecycle/config';
import { parseDuration } from '@lifecycle/time';
import { FakeGatewayScript } from './fake-gateway.script';
import { FakeScriptError } from './payment-gateway.errors';
import { GATEWAY_NAMES } from './payment-gateway.port';
import type { PaymentGatewaySettings } from './payment-gateway.settings';

const succeeds = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

const duration = (fallback: string, example: string) =>
  z
    .string()
    .refine((v) => v === '0' || succeeds(() => parseDuration(v)), { message: `must be a duration such as ${example}` })
    .default(fallback);

const ms = (value: string) => (value === '0' ? 0 : parseDuration(value));

/** The variables of the payment gateways (docs/dunning.md, "Configuration"). */
export const paymentGatewayEnv = {
  PAYMENT_GATEWAY: z.enum(GATEWAY_NAMES).default('none').describe('`none` (failed payments are announced, never retried), `fake` (scripted outcomes) or `paytr`'),
  PAYMENT_GATEWAY_TIMEOUT: duration('30s', '30s').describe('how long one request to the payment provider may take; a charge without an answer is reconciled later, never charged again blindly'),
  FAKE_GATEWAY_SCRIPT: z
    .string()
    .optional()
    .refine((v) => v === undefined || succeeds(() => FakeGatewayScript.parse(v)), {
      message: 'must look like company:12=fail,fail,succeed;company:13=fail*;default=succeed (steps: succeed, fail, fail:<code>, pending)',
    })
    .describe('`fake` gateway outcomes, e.g. `company:12=fail,fail,succeed;company:13=fail*;default=succeed`'),
  FAKE_GATEWAY_FILE: z.string().min(1).optional().describe('`fake` gateway outcomes from a YAML file (instead of `FAKE_GATEWAY_SCRIPT`)'),
  FAKE_GATEWAY_DELAY: duration('0s', '0s or 2s').describe('`fake` gateway: how long each charge takes'),
  FAKE_GATEWAY_LEDGER: z
    .string()
    .min(1)
    .default('var/fake-gateway/charges.jsonl')
    .describe("`fake` gateway: file of the charges it took (the fake provider's memory, shared by processes)"),
  PAYTR_MERCHANT_ID: z.string().regex(/^\d+$/, 'must be the numeric PayTR store number').optional().describe('PayTR store number (`merchant_id`; required with `PAYMENT_GATEWAY=paytr`)'),
  PAYTR_MERCHANT_KEY: z.string().min(1).optional().describe('PayTR `merchant_key` (secret; required with `paytr`; also verifies `POST /webhooks/paytr`)'),
  PAYTR_MERCHANT_SALT: z.string().min(1).optional().describe('PayTR `merchant_salt` (secret; required with `paytr`; also verifies `POST /webhooks/paytr`)'),
  PAYTR_API_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .default('https://www.paytr.com')
    .describe('PayTR API base URL (tests point it at a local fake)'),
  PAYTR_TEST_MODE: booleanFlag
    .optional()
    .describe('`true`: send `test_mode=1`, PayTR runs the charges as tests (no money moves); `false`: real charges. No default: required with `PAYMENT_GATEWAY=paytr`'),
  PAYTR_SYNC_MODE: booleanFlag
    .default(false)
    .describe('send `sync_mode=1` (the charge answers with its outcome): only when PayTR has granted the store that permission; otherwise the notification or the status inquiry settles each charge'),
  PAYTR_USER_IP: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IPv4 or IPv6 address' }).optional().describe('`user_ip` of the recurring charges: the public address of the billing server (required with `paytr`)'),
  PAYTR_RETURN_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .default('http://localhost/')
    .describe('`merchant_ok_url`/`merchant_fail_url`, which PayTR requires and a non-3D charge never visits'),
};

export const paymentGatewayEnvSchema = z.object(paymentGatewayEnv);
export type PaymentGatewayEnv = z.infer<typeof paymentGatewayEnvSchema>;

/** Cross-field rules (add to the app schema with superRefine): PAYMENT_GATEWAY=paytr needs its credentials. */
export function checkPaymentGatewayEnv(env: PaymentGatewayEnv, ctx: z.RefinementCtx): void {
  if (env.PAYMENT_GATEWAY === 'paytr') {
    for (const key of ['PAYTR_MERCHANT_ID', 'PAYTR_MERCHANT_KEY', 'PAYTR_MERCHANT_SALT', 'PAYTR_USER_IP'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when PAYMENT_GATEWAY=paytr' });
    }
    if (env.PAYTR_TEST_MODE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYTR_TEST_MODE'],
        message: 'must be set explicitly when PAYMENT_GATEWAY=paytr: true (test charges, no money moves) or false (real charges)',
      });
    }
  }
  if (env.FAKE_GATEWAY_SCRIPT && env.FAKE_GATEWAY_FILE) {
    ctx.addIssue({ code: 'custom', path: ['FAKE_GATEWAY_FILE'], message: 'set either FAKE_GATEWAY_SCRIPT or FAKE_GATEWAY_FILE, not both' });
  }
  if (!env.PAYTR_MERCHANT_KEY !== !env.PAYTR_MERCHANT_SALT) {
    const missing = env.PAYTR_MERCHANT_KEY ? 'PAYTR_MERCHANT_SALT' : 'PAYTR_MERCHANT_KEY';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other PAYTR_MERCHANT_* secret' });
  }
}

/** Throws FakeScriptError when FAKE_GATEWAY_FILE is missing or bad. */
export function paymentGatewaySettingsFromEnv(
  env: PaymentGatewayEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): PaymentGatewaySettings {
  const timeoutMs = ms(env.PAYMENT_GATEWAY_TIMEOUT);
  const callback =
    env.PAYTR_MERCHANT_KEY && env.PAYTR_MERCHANT_SALT ? { merchantKey: env.PAYTR_MERCHANT_KEY, merchantSalt: env.PAYTR_MERCHANT_SALT } : null;
  switch (env.PAYMENT_GATEWAY) {
    case 'none':
      return { gateway: { name: 'none' }, paytrCallback: callback };
    case 'fake':
      return {
        gateway: { name: 'fake', script: fakeScript(env, readFile), ledgerPath: env.FAKE_GATEWAY_LEDGER, delayMs: ms(env.FAKE_GATEWAY_DELAY) },
        paytrCallback: callback,
      };
    case 'paytr':
      return {
        gateway: {
          name: 'paytr',
          paytr: {
            merchantId: env.PAYTR_MERCHANT_ID!,
            merchantKey: env.PAYTR_MERCHANT_KEY!,
            merchantSalt: env.PAYTR_MERCHANT_SALT!,
            apiUrl: env.PAYTR_API_URL,
            testMode: env.PAYTR_TEST_MODE!,
            syncMode: env.PAYTR_SYNC_MODE,
            userIp: env.PAYTR_USER_IP!,
            returnUrl: env.PAYTR_RETURN_URL,
            timeoutMs,
          },
        },
        paytrCallback: callback,
      };
  }
}

function fakeScript(env: PaymentGatewayEnv, readFile: (path: string) => string): FakeGatewayScript {
  if (env.FAKE_GATEWAY_SCRIPT) return FakeGatewayScript.parse(env.FAKE_GATEWAY_SCRIPT);
  if (!env.FAKE_GATEWAY_FILE) return FakeGatewayScript.SUCCEED_ALWAYS;
  let text: string;
  try {
    text = readFile(env.FAKE_GATEWAY_FILE);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FakeScriptError(env.FAKE_GATEWAY_FILE, missing ? 'file not found' : `cannot read the file: ${(error as Error).message}`);
  }
  return FakeGatewayScript.parseYaml(text, env.FAKE_GATEWAY_FILE);
}
