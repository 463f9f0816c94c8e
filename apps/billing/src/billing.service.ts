import { billingSettingsFromEnv, dunningSettingsFromEnv } from '@lifecycle/billing';
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
    config = { settings: billingSettingsFromEnv(env), dunning: dunningSettingsFromEnv(env), payments: paymentGatewaySettingsFromEnv(env) };
  },
  imports: (env) => [BillingModule.forRoot({ ...config, env })],
};
