import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';
import { billingSweepEnv } from '@lifecycle/billing';

/** Every variable the billing service reads, validated at boot (README lists them; docs/billing.md the sweep ones). */
export const billingEnvSchema = z.object({
  ...serviceEnv(8082),
  ...billingSweepEnv,
  PAYMENT_GATEWAY: z.enum(['none', 'fake', 'paytr']).default('none').describe('`none` (no retries), `fake` (scripted outcomes) or `paytr`'),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;
