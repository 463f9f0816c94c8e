import type { Envelope } from '@lifecycle/contracts';
import type { AnomalyReport, SkippedRow } from './skip-log';
import type { PageCursor, SweepRange } from './sweep-shards';

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
  /** The shard's range; the whole table without one. */
  range: SweepRange;
  /** The keyset: the page starts after this row in (end, id) order; null: at the window's start. */
  after: PageCursor | null;
  limit: number;
  milestones: readonly number[];
}

export interface ReminderPage {
  /** Candidates in the look-ahead window read by this page (due or not). */
  scanned: number;
  /** Keyset for the next page; null when the window is exhausted. */
  next: PageCursor | null;
  /** The page's due rows whose company and admin exist. */
  due: ReminderCandidate[];
  /** The page's due rows without a company or an active admin. */
  skipped: SkippedRow[];
}

/** An event for the outbox, valid only while its subscription still ends at `endsAt`. */
export interface PendingReminder {
  envelope: Envelope;
  subscriptionId: number;
  endsAt: Date;
}

/** The reminder sweeps' storage port; reminder.repository.ts implements it in SQL. */
export interface ReminderStore {
  /** One set-based query: candidates missing their end date (the pages report due rows without a company or an admin). */
  anomalies(query: { sampleLimit: number; range: SweepRange }): Promise<AnomalyReport>;
  /**
   * One page in one transaction: read it, let `build` turn the due rows into events, insert those
   * whose id is new (the outbox is the "already sent" ledger). Resolves to the ids inserted.
   */
  emitPage(query: ReminderPageQuery, build: (page: ReminderPage) => PendingReminder[]): Promise<{ page: ReminderPage; inserted: ReadonlySet<string> }>;
}
