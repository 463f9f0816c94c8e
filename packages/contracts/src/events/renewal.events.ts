import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, minorUnitsSchema, subscriptionFactShape } from './common.schemas';

export const RENEWAL_UPCOMING = 'renewal.upcoming';

export const RENEWAL_REMINDER_DAYS = [7, 3] as const;
export type RenewalReminderDays = (typeof RENEWAL_REMINDER_DAYS)[number];

export const renewalUpcomingDataSchema = z.object({
  ...subscriptionFactShape,
  daysBefore: z.literal(RENEWAL_REMINDER_DAYS),
  periodEndsAt: isoDateTimeSchema,
  amount: minorUnitsSchema,
  currency: currencySchema,
});
export type RenewalUpcoming = z.infer<typeof renewalUpcomingDataSchema>;
