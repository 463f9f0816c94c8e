import { z } from 'zod';
import { entityIdSchema, subscriptionFactShape } from './common.schemas';

export const SUBSCRIPTION_PAST_DUE = 'subscription.past_due';
export const SUBSCRIPTION_SUSPENDED = 'subscription.suspended';
export const SUBSCRIPTION_REACTIVATED = 'subscription.reactivated';

export const SUBSCRIPTION_STATUS_SUBJECTS = [SUBSCRIPTION_PAST_DUE, SUBSCRIPTION_SUSPENDED, SUBSCRIPTION_REACTIVATED] as const;
export type SubscriptionStatusSubject = (typeof SUBSCRIPTION_STATUS_SUBJECTS)[number];

export const subscriptionStatusDataSchema = z.object({
  ...subscriptionFactShape,
  reason: z.string(),
  paymentId: entityIdSchema
    .nullable()
    .describe('The payment that caused the change; null when there is none (e.g. a reactivation noticed by a sweep)'),
});
export type SubscriptionStatusChange = z.infer<typeof subscriptionStatusDataSchema>;

export const subscriptionPastDueDataSchema = subscriptionStatusDataSchema;
export const subscriptionSuspendedDataSchema = subscriptionStatusDataSchema;
export const subscriptionReactivatedDataSchema = subscriptionStatusDataSchema;
export type SubscriptionPastDue = SubscriptionStatusChange;
export type SubscriptionSuspended = SubscriptionStatusChange;
export type SubscriptionReactivated = SubscriptionStatusChange;
