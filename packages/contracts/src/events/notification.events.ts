import { z } from 'zod';
import { emailAddressSchema, entityIdSchema } from './common.schemas';

export const NOTIFICATION_EMAIL_SENT = 'notification.email.sent';
export const NOTIFICATION_EMAIL_FAILED = 'notification.email.failed';
export const NOTIFICATION_EMAIL_BOUNCED = 'notification.email.bounced';

export const NOTIFICATION_SUBJECTS = [NOTIFICATION_EMAIL_SENT, NOTIFICATION_EMAIL_FAILED, NOTIFICATION_EMAIL_BOUNCED] as const;
export type NotificationSubject = (typeof NOTIFICATION_SUBJECTS)[number];

const emailFactShape = {
  dedupKey: z.string().min(1).describe('email_logs.dedup_key: at most one mail per key, ever'),
  emailType: z.string().min(1).meta({ examples: ['trial_expiry_reminder'] }),
  recipient: emailAddressSchema,
  companyId: entityIdSchema.optional().describe('Absent for operator mail'),
  providerMessageId: z.string().optional(),
};

export const emailSentDataSchema = z.object({ ...emailFactShape, error: z.string().optional() });
export type EmailSent = z.infer<typeof emailSentDataSchema>;

/** A permanent failure: transient ones are retried and are not announced. */
export const emailFailedDataSchema = z.object({ ...emailFactShape, error: z.string() });
export type EmailFailed = z.infer<typeof emailFailedDataSchema>;

export const emailBouncedDataSchema = z.object({ ...emailFactShape, error: z.string().optional() });
export type EmailBounced = z.infer<typeof emailBouncedDataSchema>;
