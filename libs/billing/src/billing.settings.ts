import type { BillingInterval } from './billing-interval';
import { LocalePolicy } from './locale.policy';
import { DEFAULT_PRICE_LIST, type PriceList } from './price-list';

/** How the sweeps behave; built from the environment at boot (billing-sweep.env.ts). */
export interface BillingSettings {
  /** Rows per page or expiry transaction. */
  batchSize: number;
  /** A trial expires once `trial_ends_at` < now − grace. */
  trialExpiryGraceMs: number;
  locales: LocalePolicy;
  /** Renewal amounts when a subscription has no successful payment. */
  prices: PriceList;
  /** Billing interval per plan (plans file `intervals`); plans not named are monthly. */
  intervals: Readonly<Record<string, BillingInterval>>;
  /** Work items a sweep tick is split into (docs/billing.md, "Sharded sweeps"); 1: the tick runs the whole sweep itself. */
  sweepShards: number;
  /** Skipped rows named one by one in the log per sweep; the rest are summed up in one line. */
  skipWarningLimit: number;
}

export function billingSettings(overrides: Partial<BillingSettings> = {}): BillingSettings {
  return {
    batchSize: 1000,
    trialExpiryGraceMs: 0,
    locales: new LocalePolicy(),
    prices: DEFAULT_PRICE_LIST,
    intervals: {},
    skipWarningLimit: 20,
    sweepShards: 1,
    ...overrides,
  };
}
