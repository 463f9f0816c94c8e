import { z } from 'zod';
import { loadEnv, ConfigError } from '@lifecycle/config';
import { billingSettingsFromEnv, billingShardingEnv, billingSweepEnv } from './billing-sweep.env';
import { DEFAULT_PRICE_LIST } from './price-list';

const schema = z.object(billingSweepEnv);
const noFile = () => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};

describe('billing sweep environment', () => {
  it('defaults: batches of 1000, no grace, tr for TRY, en otherwise, built-in prices', () => {
    const settings = billingSettingsFromEnv(loadEnv('billing', schema, {}), noFile);
    expect(settings).toMatchObject({ batchSize: 1000, trialExpiryGraceMs: 0, prices: DEFAULT_PRICE_LIST });
    expect([settings.locales.localeFor('TRY'), settings.locales.localeFor('USD')]).toEqual(['tr', 'en']);
  });

  it('reads every variable', () => {
    const env = loadEnv('billing', schema, {
      SWEEP_BATCH_SIZE: '250',
      TRIAL_EXPIRY_GRACE: '2h',
      LOCALE_BY_CURRENCY: 'EUR:tr',
      DEFAULT_LOCALE: 'tr',
      PLANS_FILE: '/etc/plans.yaml',
    });
    const settings = billingSettingsFromEnv(env, (path) => (path === '/etc/plans.yaml' ? 'prices:\n  team: { USD: 1 }\n' : ''));
    expect(settings).toMatchObject({ batchSize: 250, trialExpiryGraceMs: 7_200_000 });
    expect(settings.prices.team.USD).toBe(1);
    expect([settings.locales.localeFor('EUR'), settings.locales.localeFor('USD')]).toEqual(['tr', 'tr']);
  });

  it.each([
    ['SWEEP_BATCH_SIZE', '0'],
    ['TRIAL_EXPIRY_GRACE', 'two hours'],
    ['LOCALE_BY_CURRENCY', 'TRY:de'],
    ['DEFAULT_LOCALE', 'de'],
  ])('names %s when it is %p', (variable, value) => {
    expect(() => loadEnv('billing', schema, { [variable]: value })).toThrow(ConfigError);
    expect(() => loadEnv('billing', schema, { [variable]: value })).toThrow(variable);
  });

  it('sharding: one shard (the tick sweeps itself) and two shards at once per replica by default; at most 256 shards', () => {
    const sharding = z.object(billingShardingEnv);
    expect(loadEnv('billing', sharding, {})).toEqual({ BILLING_SWEEP_SHARDS: 1, BILLING_SWEEP_SHARD_CONCURRENCY: 2 });
    expect(loadEnv('billing', sharding, { BILLING_SWEEP_SHARDS: '8', BILLING_SWEEP_SHARD_CONCURRENCY: '1' })).toEqual({
      BILLING_SWEEP_SHARDS: 8,
      BILLING_SWEEP_SHARD_CONCURRENCY: 1,
    });
    for (const value of ['0', '257', 'eight']) expect(() => loadEnv('billing', sharding, { BILLING_SWEEP_SHARDS: value })).toThrow('BILLING_SWEEP_SHARDS');
  });
});
