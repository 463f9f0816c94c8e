import { z } from 'zod';
import {
  currencySchema,
  entityIdSchema,
  isoDateTimeSchema,
  minorUnitsSchema,
  subscriptionFactShape,
} from './common.schemas';

export const PAYMENT_FAILED = 'payment.failed';
export const PAYMENT_SUCCEEDED = 'payment.succeeded';

export const paymentFailedDataSchema = z.object({
  ...subscriptionFactShape,
  paymentId: entityIdSchema,
  attempt: z.int().positive().describe('1 for the original charge, 2 and up for retries'),
  maxAttempts: z.int().positive().describe('The original charge plus the configured retries'),
  nextRetryAt: isoDateTimeSchema.nullable().describe('null when no retry remains: the subscription is suspended'),
  reason: z.string(),
  amount: minorUnitsSchema,
  currency: currencySchema,
  payInApp: z
    .boolean()
    .optional()
    .describe('true: the customer has no stored card, so nothing was charged; the mail asks them to pay on the platform\'s billing page (a payment request)'),
});
export type PaymentFailed = z.infer<typeof paymentFailedDataSchema>;

export const paymentSucceededDataSchema = z.object({
  ...subscriptionFactShape,
  paymentId: entityIdSchema,
  invoiceId: entityIdSchema,
  invoiceNumber: z.string().min(1).meta({ examples: ['INV-2026-00042'] }),
  amount: minorUnitsSchema,
  currency: currencySchema,
  periodEndsAt: isoDateTimeSchema,
  lateSettlement: z
    .literal(true)
    .optional()
    .describe('present when the payment was settled after billing had recorded it as failed or unknown (docs/dunning.md, "Late settlement")'),
});
export type PaymentSucceeded = z.infer<typeof paymentSucceededDataSchema>;
