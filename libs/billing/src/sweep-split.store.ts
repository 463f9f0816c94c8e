import type { Envelope } from '@lifecycle/contracts';
import type { BillingSweep } from './sweep.types';
import type { ShardEvidence } from './sweep-shards';

/** Which rows a sweep would read at a tick: the split samples them to cut even shards. */
export interface CandidateWindow {
  sweep: BillingSweep;
  /** Reminders: ends after this (now); expiry: unused (null). */
  from: Date | null;
  /** Reminders: ends at or before this (the horizon); expiry: ends before this (the cutoff). */
  to: Date;
}

export interface SplitQuery {
  /** The tick being split, recorded as handled in the same transaction as its work items. */
  tickId: string;
  /** The processed_messages consumer that records it. */
  ledger: string;
  window: CandidateWindow;
  /** How many pages of `subscriptions` to sample, roughly: the sample reads at most this many rows. */
  sampleRows: number;
}

/** The split's storage port; sweep-split.repository.ts implements it in SQL. */
export interface SweepSplitStore {
  /**
   * One transaction: record the tick in the ledger (nothing else when it is already there), gather the
   * evidence (id bounds and a page sample, never a table scan), let `plan` turn it into work items
   * and write them to the outbox. Resolves to null when the tick had already been split.
   */
  split(query: SplitQuery, plan: (evidence: ShardEvidence) => readonly Envelope[]): Promise<{ items: readonly Envelope[]; written: number } | null>;
}
