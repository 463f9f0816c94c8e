import { billingSettingsFromEnv, dunningSettingsFromEnv } from '@lifecycle/billing';
import { BILLING_SWEEP_SUBJECTS } from '@lifecycle/contracts';
import { paymentGatewaySettingsFromEnv } from '@lifecycle/payments';
import type { ServiceSpec } from '@lifecycle/runtime';
import { billingEnvSchema } from './billing.env';
import { BillingModule, type BillingConfig } from './billing.module';

let config: Omit<BillingConfig, 'env'>;

/**
 * PayTR's notification is one small form (merchant_oid, status, total_amount, hash, failed_reason_code,
 * failed_reason_msg, test_mode, payment_type, currency, payment_amount and the card token fields: under
 * 1 kB); 16 KiB leaves room for what PayTR may add without letting anyone post megabytes unauthenticated.
 */
const PAYTR_NOTIFICATION_BODY_LIMIT = 16 * 1024;

export const billingService: ServiceSpec<typeof billingEnvSchema> = {
  service: 'billing',
  envSchema: billingEnvSchema,
  // A bad PLANS_FILE or FAKE_GATEWAY_FILE stops the app before it boots, naming the file.
  prepare: (env) => {
    config = { settings: { ...billingSettingsFromEnv(env), sweepShards: env.BILLING_SWEEP_SHARDS }, dunning: dunningSettingsFromEnv(env), payments: paymentGatewaySettingsFromEnv(env) };
  },
  imports: (env) => [BillingModule.forRoot({ ...config, env })],
  bodies: () => [{ path: '/webhooks/paytr', type: 'urlencoded', limit: PAYTR_NOTIFICATION_BODY_LIMIT }],
  // Every replica pulls sweep shards from one durable per sweep; each runs this many at once.
  consumers: (env) => ({
    consumers: Object.fromEntries(BILLING_SWEEP_SUBJECTS.map((subject) => [subject, { concurrency: env.BILLING_SWEEP_SHARD_CONCURRENCY }])),
  }),
};
