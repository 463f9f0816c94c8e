import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the billing service reads, validated at boot (README lists them). */
export const billingEnvSchema = z.object({
  ...serviceEnv(8082),
  PAYMENT_GATEWAY: z.enum(['none', 'fake', 'paytr']).default('none').describe('`none` (no retries), `fake` (scripted outcomes) or `paytr`'),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;
