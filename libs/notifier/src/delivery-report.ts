import type { Envelope } from '@lifecycle/contracts';

/** What Mailjet's Event API reported about one mail, reduced to what email_logs records. */
export interface DeliveryReport {
  kind: 'delivered' | 'opened' | 'clicked' | 'spam' | 'bounced';
  /** Our dedup key, echoed by Mailjet as CustomID. */
  customId: string | null;
  /** Mailjet's MessageID as exact decimal text. */
  messageId: string | null;
  at: Date;
  error: string | null;
}

export interface BouncedRow {
  /** null for the platform's own mails, matched by MessageID. */
  dedupKey: string | null;
  emailType: string;
  recipient: string;
  companyId: number | null;
  messageId: string | null;
  error: string | null;
  at: Date;
}

export interface AppliedReports {
  /** Rows whose state changed. */
  changed: number;
  bounced: number;
}

/** Applies delivery reports to email_logs; replaying the same reports changes nothing. */
export abstract class DeliveryReportStore {
  abstract apply(
    reports: readonly DeliveryReport[],
    bouncedEvent: (row: BouncedRow & { dedupKey: string }) => Envelope<'notification.email.bounced'>,
  ): Promise<AppliedReports>;
}
