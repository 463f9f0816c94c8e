import { billingSettingsFromEnv, type BillingSettings } from '@lifecycle/billing';
import { runService } from '@lifecycle/runtime';
import { billingEnvSchema } from './billing.env';
import { BillingModule } from './billing.module';

let settings: BillingSettings;

void runService({
  service: 'billing',
  envSchema: billingEnvSchema,
  // a bad PLANS_FILE stops the app before it boots, naming the file
  prepare: (env) => void (settings = billingSettingsFromEnv(env)),
  imports: () => [BillingModule.forRoot(settings)],
});
