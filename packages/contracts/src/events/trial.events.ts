import { z } from 'zod';
import { isoDateTimeSchema, subscriptionFactShape } from './common.schemas';

export const TRIAL_EXPIRING = 'trial.expiring';
export const TRIAL_EXPIRED = 'trial.expired';

export const TRIAL_REMINDER_DAYS = [7, 3, 1] as const;
export type TrialReminderDays = (typeof TRIAL_REMINDER_DAYS)[number];

export const trialExpiringDataSchema = z.object({
  ...subscriptionFactShape,
  daysBefore: z.literal(TRIAL_REMINDER_DAYS),
  trialEndsAt: isoDateTimeSchema,
});
export type TrialExpiring = z.infer<typeof trialExpiringDataSchema>;

export const trialExpiredDataSchema = z.object({
  ...subscriptionFactShape,
  trialEndedAt: isoDateTimeSchema,
});
export type TrialExpired = z.infer<typeof trialExpiredDataSchema>;
