import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';
import { billingShardingEnv, billingSweepEnv, checkDunningEnv, dunningEnv, paytrForwardEnv } from '@lifecycle/billing';
import { retentionEnv } from '@lifecycle/housekeeping';
import { checkPaymentGatewayEnv, paymentGatewayEnv } from '@lifecycle/payments';

/** Every variable the billing service reads, validated at boot (README lists them; docs/billing.md and docs/dunning.md explain them). */
export const billingEnvSchema = z
  .object({
    ...serviceEnv(8082),
    ...billingSweepEnv,
    ...billingShardingEnv,
    ...dunningEnv,
    ...paymentGatewayEnv,
    ...paytrForwardEnv,
    ...retentionEnv,
  })
  .superRefine((env, ctx) => {
    checkDunningEnv(env, ctx);
    checkPaymentGatewayEnv(env, ctx);
  });

export type BillingEnv = z.infer<typeof billingEnvSchema>;
