import type { EmailType } from './email-types';
import type { Locale } from '@lifecycle/contracts';

export interface MailAddress {
  email: string;
  name?: string;
}

/** One rendered mail, ready for any transport. */
export interface OutgoingMail {
  /** email_logs.dedup_key and Mailjet's CustomID: the id of the event the mail reports. */
  dedupKey: string;
  emailType: EmailType;
  locale: Locale;
  from: MailAddress;
  to: MailAddress;
  subject: string;
  html: string;
  text: string;
  /** SHA-256 (hex) of the HTML part, or of the template id and variables for Mailjet templates. */
  contentHash: string;
  /** Set when the type is mapped to a Mailjet template (MAILJET_TEMPLATE_IDS). */
  template?: { id: number; variables: Record<string, unknown> };
  companyId: number | null;
  userId: number | null;
}
