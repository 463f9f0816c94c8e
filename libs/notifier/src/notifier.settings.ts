import type { Locale } from '@lifecycle/contracts';
import type { EmailType } from './email-types';
import type { MailAddress } from './outgoing-mail';

/** What the mail looks like and where it goes; built from the environment at boot (notifier-mail.env.ts). */
export interface NotifierSettings {
  from: MailAddress;
  /** Operator alerts are not mailed when null. */
  opsAlert: { to: string | null; locale: Locale };
  links: { billing: string; upgrade: string };
  /** IANA zone in which mails state dates. */
  timeZone: string;
  /** Types designed in Mailjet: sent as TemplateID + Variables instead of our HTML. */
  templateIds: Partial<Record<EmailType, number>>;
  /**
   * A pending mail that Mailjet does not list is re-sent only once its last attempt is this old:
   * Mailjet lists an accepted message after a short indexing delay.
   */
  lookupGraceMs: number;
  /**
   * Events handled at once by the process, across every consumer (MAIL_IN_FLIGHT): each holds its
   * rendered mail until sent, so this bounds the notifier's memory.
   */
  maxInFlight: number;
}

export interface TransportSettings {
  transport: 'mailjet' | 'file' | 'log';
  mailDir: string;
  mailjet: {
    apiKey: string;
    apiSecret: string;
    apiUrl: string;
    timeoutMs: number;
    /** false: one message per Send API request. */
    batching: boolean;
    lingerMs: number;
    /** Longest Retry-After waited for inside the handler; a longer one naks the event instead. */
    retryAfterCapMs: number;
  };
}

export interface WebhookSettings {
  /** null: POST /webhooks/mailjet answers 503. */
  credentials: { user: string; password: string } | null;
}

export function notifierSettings(overrides: Partial<NotifierSettings> = {}): NotifierSettings {
  return {
    from: { email: 'billing@localhost' },
    opsAlert: { to: null, locale: 'en' },
    links: { billing: 'http://localhost:5000/billing', upgrade: 'http://localhost:5000/billing/upgrade' },
    timeZone: 'UTC',
    templateIds: {},
    lookupGraceMs: 600_000,
    maxInFlight: 100,
    ...overrides,
  };
}
