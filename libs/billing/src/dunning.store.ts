import type { OutboxInsert } from './billing-outbox.repository';
import type { AuditEntry } from './trial-expiry.store';

/**
 * `payments.dunning_state` of a chain head (the platform's failed payment): `active` (retries pending),
 * `unknown` (an attempt's outcome stayed unknown past PAYMENT_OUTCOME_TIMEOUT: no charge until it is known),
 * `manual` (PAYMENT_GATEWAY=none), `exhausted`, `hard_declined`, `resolved` (paid), `closed` (the
 * subscription left billing), `ignored` (never entered: stale, superseded, not billable).
 */
export type DunningState = 'active' | 'unknown' | 'manual' | 'exhausted' | 'hard_declined' | 'resolved' | 'closed' | 'ignored';

export interface AdminRef {
  userId: number;
  email: string;
  fullName: string;
}

/** A failed payment billing has not looked at yet, with what its events need. */
export interface FailureCandidate {
  paymentId: number;
  subscriptionId: number | null;
  subscriptionStatus: string | null;
  companyId: number | null;
  companyName: string | null;
  preferredCurrency: string | null;
  plan: string | null;
  amount: number;
  currency: string;
  /** `updated_at`, else `created_at` of the failed row. */
  failedAt: Date | null;
  reasonCode: string | null;
  reasonMessage: string | null;
  admin: AdminRef | null;
  /** A later successful payment of the subscription exists. */
  superseded: boolean;
  /** The subscription already has an active chain, or an older failure of it is in this batch. */
  chainActive: boolean;
}

export interface PlannedEntry {
  paymentId: number;
  subscriptionId: number;
  state: 'active' | 'manual';
  nextRetryAt: Date | null;
  /** Move the subscription from `active` to `past_due`. */
  pastDue: boolean;
  events: OutboxInsert[];
  audit: AuditEntry[];
}

export interface PlannedDetection {
  enter: PlannedEntry[];
  ignore: { paymentId: number; reason: string }[];
}

export interface DetectionBatch {
  /** false when another process holds the detection lock (it is detecting right now). */
  ran: boolean;
  scanned: number;
  lastId: number | null;
  entered: PlannedEntry[];
  ignored: number;
  inserted: ReadonlySet<string>;
}

/** Detection's storage port; dunning-detection.repository.ts implements it in SQL. */
export interface DetectionStore {
  /** One transaction: lock a batch of undetected failures, let `plan` decide, then apply it and write the events. */
  detectBatch(query: { afterId: number; limit: number; at: Date }, plan: (candidates: FailureCandidate[]) => PlannedDetection): Promise<DetectionBatch>;
}

/** A retry attempt (its own payments row) with the chain and the subscription it belongs to. */
export interface AttemptContext {
  attemptId: number;
  merchantOid: string;
  status: string;
  /** k: the attempt is the k-th retry (attempt k + 1). */
  retry: number;
  createdAt: Date | null;
  /** Status inquiries made so far about this attempt (payment_outcome_inquiries). */
  inquiries: number;
  /** The business time of the charge (the tick that made it), else `createdAt`: the outcome timeout runs from it. */
  chargedAt: Date | null;
  /** payments.company_id of the attempt. */
  companyId: number;
  amount: number;
  currency: string;
  headId: number;
  headState: DunningState | null;
  subscription: { id: number; status: string; plan: string; currentPeriodEnd: Date | null; userToken: string | null } | null;
  company: { id: number; name: string; preferredCurrency: string } | null;
  admin: AdminRef | null;
}

export interface InvoiceDraft {
  companyId: number;
  paymentId: number;
  amount: number;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
  /** invoice_date, due_date and paid_at: the business time of the payment. */
  issuedAt: Date;
  /** created_at / updated_at: the Clock port's time. */
  at: Date;
  description: string;
  notes: string;
}

/** The writes that settle one attempt, inside the transaction that holds its row lock. */
export interface AttemptTx {
  /** Locks the chain head and the subscription, then reads the attempt again. */
  lockChain(attempt: AttemptContext): Promise<AttemptContext>;
  settleAttempt(
    attemptId: number,
    result: { status: 'success'; transactionId: string | null; at: Date } | { status: 'failed'; code: string; message: string; at: Date },
  ): Promise<void>;
  updateHead(headId: number, head: { state: DunningState; retryCount: number; nextRetryAt: Date | null; at: Date }): Promise<void>;
  updateSubscription(
    subscriptionId: number,
    change: { status: string; from: readonly string[]; period?: { start: Date; end: Date }; at: Date },
  ): Promise<boolean>;
  /** The next number of the invoice's year (gapless: a rollback returns it) and the invoices row. */
  issueInvoice(draft: InvoiceDraft): Promise<{ id: number; number: string }>;
  /** One status inquiry was made (or a charge left without an outcome): when the next one is due, and what was heard. */
  recordInquiry(attemptId: number, inquiry: { asked: boolean; chargedAt: Date; nextAt: Date; answer: string; at: Date }): Promise<void>;
  /** The outcome is still unknown at the timeout: the head becomes `unknown` (no further charge); false if it already was. */
  markUnknown(attempt: AttemptContext, at: Date): Promise<boolean>;
  /** The charge never reached the provider: the attempt row goes away and the head is due again. */
  undoClaim(attempt: AttemptContext, dueAt: Date, at: Date): Promise<void>;
  audit(entries: readonly AuditEntry[]): Promise<void>;
  append(events: readonly OutboxInsert[]): Promise<ReadonlySet<string>>;
}

export interface ClaimedAttempt {
  attemptId: number;
  headId: number;
  merchantOid: string;
  retry: number;
}

/** The payment-retry sweep's storage port; dunning-retry.repository.ts implements it in SQL. */
export interface RetryStore {
  /**
   * Active chains due at `now` whose subscription is no longer billable (→ `closed`) or that the platform
   * got paid meanwhile (→ `resolved`): they are never retried.
   */
  settleStaleChains(query: { now: Date; at: Date }): Promise<{ resolved: number; closed: number }>;
  /**
   * One transaction: lock due heads (SKIP LOCKED), insert each one's next attempt as `pending` with its
   * deterministic merchant_oid, take the head off the schedule, commit. Only then are they charged.
   */
  claimDue(query: { now: Date; afterId: number; limit: number; at: Date; testMode: boolean }): Promise<{ lastId: number | null; claimed: ClaimedAttempt[] }>;
  /**
   * Attempts still `pending`, keyset by id, that need a look at `now`: never asked about, their next status
   * inquiry due, or made at or before `timedOutBefore` and not yet `unknown`.
   */
  pendingAttempts(query: { afterId: number; limit: number; now: Date; timedOutBefore: Date }): Promise<number[]>;
  /**
   * Runs `work` in one transaction holding the attempt's row lock. `skip`: resolves null when another
   * transaction holds it (a charge in flight); `wait`: waits for it. Null too when no such attempt exists.
   */
  withAttempt<T>(
    key: { attemptId: number } | { merchantOid: string },
    lock: 'skip' | 'wait',
    work: (tx: AttemptTx, attempt: AttemptContext) => Promise<T>,
  ): Promise<T | null>;
}

/** A subscription the platform made `active` after billing expired or suspended it. */
export interface ReactivationCandidate {
  subscriptionId: number;
  companyId: number;
  companyName: string;
  plan: string;
  preferredCurrency: string;
  admin: AdminRef | null;
  /** The audit row of the expiry or suspension being undone. */
  previousAction: string;
  previousAt: Date;
}

export interface PlannedReactivation {
  subscriptionId: number;
  event: OutboxInsert;
  audit: AuditEntry;
}

export interface ReactivationStore {
  /** One transaction: lock a batch of candidates (SKIP LOCKED), let `plan` describe them, write audit rows and events. */
  reactivateBatch(
    query: { afterId: number; limit: number },
    plan: (candidates: ReactivationCandidate[]) => PlannedReactivation[],
  ): Promise<{ scanned: number; lastId: number | null; reactivated: PlannedReactivation[]; inserted: ReadonlySet<string> }>;
}
