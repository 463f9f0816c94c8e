import {
  HEALTH_ALERT_RAISED,
  HEALTH_ALERT_RESOLVED,
  PAYMENT_FAILED,
  PAYMENT_SUCCEEDED,
  RENEWAL_UPCOMING,
  SUBSCRIPTION_REACTIVATED,
  SUBSCRIPTION_SUSPENDED,
  TRIAL_EXPIRED,
  TRIAL_EXPIRING,
  type Envelope,
} from '@lifecycle/contracts';

/** email_logs.email_type of each mail; `trial_expiry_reminder` is the platform's own name. */
export const EMAIL_TYPE_BY_SUBJECT = {
  [TRIAL_EXPIRING]: 'trial_expiry_reminder',
  [TRIAL_EXPIRED]: 'trial_expired',
  [RENEWAL_UPCOMING]: 'renewal_reminder',
  [PAYMENT_FAILED]: 'payment_failed',
  [PAYMENT_SUCCEEDED]: 'payment_succeeded',
  [SUBSCRIPTION_SUSPENDED]: 'subscription_suspended',
  [SUBSCRIPTION_REACTIVATED]: 'subscription_reactivated',
  [HEALTH_ALERT_RAISED]: 'ops_alert_raised',
  [HEALTH_ALERT_RESOLVED]: 'ops_alert_resolved',
} as const;

export type MailSubject = keyof typeof EMAIL_TYPE_BY_SUBJECT;
export type EmailType = (typeof EMAIL_TYPE_BY_SUBJECT)[MailSubject];
export type MailEnvelope = Envelope<MailSubject>;

export const MAIL_SUBJECTS = Object.keys(EMAIL_TYPE_BY_SUBJECT) as MailSubject[];
export const EMAIL_TYPES = Object.values(EMAIL_TYPE_BY_SUBJECT) as EmailType[];

/** Mail to the company admin; the others go to OPS_ALERT_EMAIL. */
export const CUSTOMER_MAIL_SUBJECTS = MAIL_SUBJECTS.filter((s) => !s.startsWith('health.'));
export const OPS_MAIL_SUBJECTS = MAIL_SUBJECTS.filter((s) => s.startsWith('health.'));

export function isEmailType(value: string): value is EmailType {
  return (EMAIL_TYPES as string[]).includes(value);
}
