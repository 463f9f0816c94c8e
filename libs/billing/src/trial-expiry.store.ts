import type { Envelope } from '@lifecycle/contracts';
import type { AnomalyReport, SkippedRow } from './skip-log';
import type { PageCursor, SweepRange } from './sweep-shards';

/** An ended trial, locked for expiry, with what the mail needs. */
export interface ExpiryCandidate {
  subscriptionId: number;
  companyId: number;
  companyName: string;
  plan: string;
  trialEndsAt: Date;
  preferredCurrency: string;
  admin: { userId: number; email: string; fullName: string };
}

/** An `audit_logs` row billing writes (request columns stay null: automation has no request). */
export interface AuditEntry {
  timestamp: Date;
  companyId: number;
  actionType: string;
  resourceType: string;
  resourceId: number;
  details: Record<string, unknown>;
}

export interface PlannedExpiry {
  subscriptionId: number;
  envelope: Envelope<'trial.expired'>;
  audit: AuditEntry;
}

export interface ExpiryBatchQuery {
  /** Trials with `trial_ends_at` before this expire. */
  cutoff: Date;
  /** The shard's range; the whole table without one. */
  range: SweepRange;
  /** The keyset: the batch starts after this row in (trial end, id) order; null: at the first. */
  after: PageCursor | null;
  limit: number;
  /** `updated_at` of the expired rows: the Clock port's time. */
  at: Date;
}

export interface ExpiryBatchResult {
  /** Ended trials read that have a company and an admin. */
  scanned: number;
  /** Keyset for the next batch; null when no ended trial is left. */
  next: PageCursor | null;
  /** Ended trials read without a company or an active admin: left as they are. */
  skipped: SkippedRow[];
  expired: number[];
  inserted: ReadonlySet<string>;
}

/** The expiry sweep's storage port; trial-expiry.repository.ts implements it in SQL. */
export interface TrialExpiryStore {
  /** Trials missing their end date (a batch reports ended trials without a company or an admin). */
  anomalies(query: { sampleLimit: number; range: SweepRange }): Promise<AnomalyReport>;
  /**
   * One transaction: lock a batch of ended trials (skipping rows another sweep holds), set aside those
   * without a company or an admin, let `plan` describe their expiry, then set `expired`, write the audit rows and the events.
   */
  expireBatch(query: ExpiryBatchQuery, plan: (candidates: ExpiryCandidate[]) => PlannedExpiry[]): Promise<ExpiryBatchResult>;
}
