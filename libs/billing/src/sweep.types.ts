import type { Envelope } from '@lifecycle/contracts';
import type { SweepShard } from './sweep-shards';

export const BILLING_SWEEPS = ['trial-reminders', 'trial-expiry', 'renewal-reminders'] as const;
export type BillingSweep = (typeof BILLING_SWEEPS)[number];

/** Why a row was left alone; bad data is skipped, counted and left for health to report (docs/billing.md). */
export const SKIP_REASONS = ['company_missing', 'no_admin', 'no_trial_end', 'no_period_end', 'no_price', 'invalid_event'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SweepTick {
  /** The tick's scheduledAt: the sweep's only notion of now. */
  now: Date;
  /** The tick's id: correlation id of every event and audit row the sweep writes. */
  tickId: string;
  /** A work item's id range (docs/billing.md, "Sharded sweeps"); absent: the whole table. */
  shard?: SweepShard;
}

export interface SweepSummary {
  sweep: BillingSweep;
  tickId: string;
  now: string;
  /** The shard this run covered; absent when it swept the whole table. */
  shard?: SweepShard;
  /** Candidate rows read (reminders: in the look-ahead window; expiry: ended trials with an admin). */
  scanned: number;
  /** Events written to the outbox by this run. */
  emitted: number;
  /** Reminders due whose event was already in the outbox (sent by an earlier run or another process). */
  alreadySent: number;
  /** Trials this run moved to `expired`. */
  expired: number;
  /** trial-expiry: subscriptions the platform made active again, announced as `subscription.reactivated`. */
  reactivated?: number;
  skipped: Partial<Record<SkipReason, number>>;
  batches: number;
  durationSeconds: number;
}

/** A subscription the expiry sweep moved to `expired`. */
export interface ExpiredSubscription {
  subscriptionId: number;
  companyId: number;
  trialEndedAt: string;
}

/** Receives what a run wrote, page by page, after each commit; `lifecyclectl preview` prints it, the service passes none. */
export interface SweepObserver {
  emitted?(envelopes: readonly Envelope[]): void;
  expired?(subscriptions: readonly ExpiredSubscription[]): void;
}

export interface SweepLogger {
  log(message: string): void;
  warn(message: string): void;
  error?(message: string): void;
}
