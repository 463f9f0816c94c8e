import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { positiveInt } from '@lifecycle/config';
import { LOCALES } from '@lifecycle/contracts';
import { parseDuration } from '@lifecycle/time';
import { billingSettings, type BillingSettings } from './billing.settings';
import { LocalePolicy } from './locale.policy';
import { DEFAULT_PLANS_PATH, loadPlans } from './plans-file';

const succeeds = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

/** The variables that shape the sweeps; the billing app and `lifecyclectl preview` both read them. */
export const billingSweepEnv = {
  SWEEP_BATCH_SIZE: positiveInt.max(50_000).default(1000).describe('rows per page (reminders) or per transaction (trial expiry) of a billing sweep'),
  TRIAL_EXPIRY_GRACE: z
    .string()
    .default('0s')
    .refine((v) => v === '0' || succeeds(() => parseDuration(v)), { message: 'must be a duration such as 0s, 2h or 1d12h' })
    .describe('a trial expires once its end is this long past (e.g. `2h`)'),
  LOCALE_BY_CURRENCY: z
    .string()
    .default('TRY:tr')
    .refine((v) => succeeds(() => LocalePolicy.parseMap(v)), { message: 'must look like TRY:tr,USD:en,EUR:en (locales: en, tr)' })
    .describe('mail language by the currency a company pays in, e.g. `TRY:tr,USD:en,EUR:en`'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en').describe('mail language for currencies `LOCALE_BY_CURRENCY` does not name'),
  PLANS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('list prices (renewal reminders without a past payment) and billing intervals per plan; default `config/plans.yaml`, built-in prices when absent'),
};

/** Sharded sweeps (docs/billing.md): only the billing app reads these; preview always sweeps the whole table. */
export const billingShardingEnv = {
  BILLING_SWEEP_SHARDS: positiveInt
    .max(256)
    .default(1)
    .describe('work items (subscription id ranges) a sweep tick is split into, shared by the billing replicas; 1: the tick runs the sweep itself'),
  BILLING_SWEEP_SHARD_CONCURRENCY: positiveInt
    .max(64)
    .default(2)
    .describe('sweep shards one billing replica runs at once (per sweep)'),
};

export type BillingShardingEnv = z.infer<z.ZodObject<typeof billingShardingEnv>>;

export type BillingSweepEnv = z.infer<z.ZodObject<typeof billingSweepEnv>>;

/** Throws PlansFileError when PLANS_FILE names a missing or bad file. */
export function billingSettingsFromEnv(
  env: BillingSweepEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): BillingSettings {
  const plans = loadPlans({ path: env.PLANS_FILE ?? DEFAULT_PLANS_PATH, explicit: env.PLANS_FILE !== undefined }, readFile);
  return billingSettings({
    batchSize: env.SWEEP_BATCH_SIZE,
    trialExpiryGraceMs: env.TRIAL_EXPIRY_GRACE === '0' ? 0 : parseDuration(env.TRIAL_EXPIRY_GRACE),
    locales: new LocalePolicy(LocalePolicy.parseMap(env.LOCALE_BY_CURRENCY), env.DEFAULT_LOCALE),
    prices: plans.prices,
    intervals: plans.intervals,
  });
}
