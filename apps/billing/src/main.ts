import { runService } from '@lifecycle/runtime';
import { billingEnvSchema } from './billing.env';
import { BillingModule } from './billing.module';

void runService({ service: 'billing', envSchema: billingEnvSchema, imports: () => [BillingModule] });
