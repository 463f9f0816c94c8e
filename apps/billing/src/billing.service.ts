import { billingSettingsFromEnv, dunningSettingsFromEnv } from '@lifecycle/billing';
import { BILLING_SWEEP_SUBJECTS } from '@lifecycle/contracts';
import { paymentGatewaySettingsFromEnv } from '@lifecycle/payments';
import type { ServiceSpec } from '@lifecycle/runtime';
import { billingEnvSchema } from './billing.env';
import { BillingModule, type BillingConfig } from './billing.module';

let config: Omit<BillingConfig, 'env'>;

export const billingService: ServiceSpec<typeof billingEnvSchema> = {
  service: 'billing',
  envSchema: billingEnvSchema,
  // A bad PLANS_FILE or FAKE_GATEWAY_FILE stops the app before it boots, naming the file.
  prepare: (env) => {
    config = { settings: { ...billingSettingsFromEnv(env), sweepShards: env.BILLING_SWEEP_SHARDS }, dunning: dunningSettingsFromEnv(env), payments: paymentGatewaySettingsFromEnv(env) };
  },
  imports: (env) => [BillingModule.forRoot({ ...config, env })],
  // Every replica pulls sweep shards from one durable per sweep; each runs this many at once.
  consumers: (env) => ({
    consumers: Object.fromEntries(BILLING_SWEEP_SUBJECTS.map((subject) => [subject, { concurrency: env.BILLING_SWEEP_SHARD_CONCURRENCY }])),
  }),
};
