import type { Envelope } from '@lifecycle/contracts';
import type { AnomalyReport } from './skip-log';

/** A subscription whose reminder is due, with what the mail needs. */
export interface ReminderCandidate {
  subscriptionId: number;
  companyId: number;
  companyName: string;
  plan: string;
  /** T: the trial end or the end of the paid period. */
  endsAt: Date;
  daysBefore: number;
  preferredCurrency: string;
  admin: { userId: number; email: string; fullName: string };
  /** Renewals: the most recent successful payment, if any. */
  lastPayment: { amount: number; currency: string } | null;
}

export interface ReminderPageQuery {
  now: Date;
  afterId: number;
  limit: number;
  milestones: readonly number[];
}

export interface ReminderPage {
  /** Candidates in the look-ahead window read by this page (due or not). */
  scanned: number;
  /** Keyset for the next page; null when the window is exhausted. */
  lastId: number | null;
  /** The page's due rows whose company and admin exist (the others are reported by `anomalies`). */
  due: ReminderCandidate[];
}

/** An event for the outbox, valid only while its subscription still ends at `endsAt`. */
export interface PendingReminder {
  envelope: Envelope;
  subscriptionId: number;
  endsAt: Date;
}

/** The reminder sweeps' storage port; reminder.repository.ts implements it in SQL. */
export interface ReminderStore {
  /** One set-based query: due candidates without a company or an active admin, and subscriptions missing their end date. */
  anomalies(query: { now: Date; milestones: readonly number[]; sampleLimit: number }): Promise<AnomalyReport>;
  /**
   * One page in one transaction: read it, let `build` turn the due rows into events, insert those
   * whose id is new (the outbox is the "already sent" ledger). Resolves to the ids inserted.
   */
  emitPage(query: ReminderPageQuery, build: (page: ReminderPage) => PendingReminder[]): Promise<{ page: ReminderPage; inserted: ReadonlySet<string> }>;
}
