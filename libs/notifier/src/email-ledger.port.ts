import type { Envelope } from '@lifecycle/contracts';
import type { EmailType } from './email-types';

/** email_logs.delivery_status: the platform's values plus `pending` (claimed; the send's outcome is not recorded yet). */
export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'bounced' | 'failed';

export interface LedgerEntry {
  dedupKey: string;
  emailType: EmailType;
  recipient: string;
  subject: string;
  contentHash: string;
  userId: number | null;
  companyId: number | null;
}

export type ClaimResult =
  | { state: 'claimed' }
  /** The mail of this key has an outcome already: nothing more to do, ever. */
  | { state: 'done'; status: Exclude<DeliveryStatus, 'pending'> }
  /** An earlier attempt's outcome is unknown (crash, transient failure). */
  /** lastAttemptAgeMs: Infinity when no attempt can still be in flight. */
  | { state: 'pending'; lastAttemptAgeMs: number };

/**
 * email_logs as the notifier's ledger: one row per dedup key, ever (ARCHITECTURE.md, "Delivery
 * guarantees"). Outcomes and their notification.email.* events commit together.
 */
export abstract class EmailLedger {
  /** Inserts the `pending` row of the key unless one exists; `at` is the Clock's now. */
  abstract claim(entry: LedgerEntry, at: Date): Promise<ClaimResult>;

  /** Stamps the start of another attempt on a pending row. */
  abstract beginAttempt(dedupKey: string): Promise<void>;

  /**
   * Keeps the last transient error on the pending row, for operators. `maybeAccepted` false (the
   * provider certainly did not take the mail) lets the next attempt send without the lookup grace.
   */
  abstract noteTransientFailure(dedupKey: string, error: string, maybeAccepted: boolean): Promise<void>;

  abstract recordSent(dedupKey: string, messageId: string | null, at: Date, event: Envelope<'notification.email.sent'>): Promise<void>;

  /** False when the row was no longer pending (nothing recorded, no event). */
  abstract recordFailed(dedupKey: string, error: string, event: Envelope<'notification.email.failed'>): Promise<boolean>;
}
