import {
  billingSweepShardId,
  billingSweepSubject,
  consumerName,
  createEnvelope,
  RENEWAL_REMINDER_DAYS,
  TRIAL_REMINDER_DAYS,
  type Envelope,
} from '@lifecycle/contracts';
import type { BillingSettings } from './billing.settings';
import { milestoneHorizonMs } from './milestone.rule';
import { shardRanges, type SweepShard } from './sweep-shards';
import type { CandidateWindow, SweepSplitStore } from './sweep-split.store';
import type { BillingSweep, SweepTick } from './sweep.types';

/** Rows the split's page sample reads at most (about 2 % of a million-row table). */
export const SHARD_SAMPLE_ROWS = 20_000;

export interface SplitSummary {
  sweep: BillingSweep;
  tickId: string;
  now: string;
  /** False when a redelivered tick found its split already recorded: nothing was written. */
  split: boolean;
  /** The work items' ranges (empty when `split` is false). */
  shards: SweepShard[];
  /** Work items new in the outbox. */
  written: number;
  durationSeconds: number;
}

/**
 * A sweep tick, split into `sweepShards` work items by subscription id range (docs/billing.md,
 * "Sharded sweeps"), written to the outbox in the transaction that records the tick as handled; any
 * billing replica runs each item. The event id is (tick, shard), so a redelivered tick adds nothing.
 */
export class SplitSweepUseCase {
  constructor(
    private readonly store: SweepSplitStore,
    private readonly settings: BillingSettings,
  ) {}

  async execute(sweep: BillingSweep, tick: SweepTick): Promise<SplitSummary> {
    const started = performance.now();
    let shards: SweepShard[] = [];
    const outcome = await this.store.split(
      { tickId: tick.tickId, ledger: consumerName('billing', `clock.tick.${sweep}`), window: this.window(sweep, tick.now), sampleRows: SHARD_SAMPLE_ROWS },
      (evidence) => {
        shards = shardRanges(this.settings.sweepShards, evidence);
        return shards.map((shard) => workItem(sweep, tick, shard));
      },
    );
    return {
      sweep,
      tickId: tick.tickId,
      now: tick.now.toISOString(),
      split: outcome !== null,
      shards: outcome ? shards : [],
      written: outcome?.written ?? 0,
      durationSeconds: (performance.now() - started) / 1000,
    };
  }

  private window(sweep: BillingSweep, now: Date): CandidateWindow {
    const ahead = (days: readonly number[]) => new Date(now.getTime() + milestoneHorizonMs(days));
    switch (sweep) {
      case 'trial-reminders':
        return { sweep, from: now, to: ahead(TRIAL_REMINDER_DAYS) };
      case 'renewal-reminders':
        return { sweep, from: now, to: ahead(RENEWAL_REMINDER_DAYS) };
      case 'trial-expiry':
        return { sweep, from: null, to: new Date(now.getTime() - this.settings.trialExpiryGraceMs) };
    }
  }
}

export function workItem(sweep: BillingSweep, tick: SweepTick, shard: SweepShard): Envelope {
  return createEnvelope(billingSweepSubject(sweep), {
    id: billingSweepShardId(sweep, tick.tickId, shard.index, shard.count),
    source: 'billing',
    correlationId: tick.tickId,
    occurredAt: tick.now,
    data: {
      sweep,
      tickId: tick.tickId,
      scheduledAt: tick.now.toISOString(),
      shard: shard.index,
      shards: shard.count,
      afterId: shard.afterId,
      throughId: shard.throughId,
    },
  } as never);
}

/** The tick a work item came from, restricted to its range. */
export function shardTick(item: { tickId: string; scheduledAt: string; shard: number; shards: number; afterId: number; throughId: number | null }): SweepTick {
  return {
    now: new Date(item.scheduledAt),
    tickId: item.tickId,
    shard: { index: item.shard, count: item.shards, afterId: item.afterId, throughId: item.throughId },
  };
}
