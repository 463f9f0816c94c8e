import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';

/** The billing sweeps a tick can split into shards (docs/billing.md, "Sharded sweeps"). */
export const SHARDED_SWEEPS = ['trial-reminders', 'trial-expiry', 'renewal-reminders'] as const;
export type ShardedSweep = (typeof SHARDED_SWEEPS)[number];

export const BILLING_SWEEP_PREFIX = 'billing.sweep';
export type BillingSweepSubject<S extends ShardedSweep = ShardedSweep> = `billing.sweep.${S}`;

export function billingSweepSubject<S extends ShardedSweep>(sweep: S): BillingSweepSubject<S> {
  return `${BILLING_SWEEP_PREFIX}.${sweep}`;
}

export const BILLING_SWEEP_SUBJECTS: readonly BillingSweepSubject[] = SHARDED_SWEEPS.map(billingSweepSubject);

export function billingSweepShardDataSchema<S extends ShardedSweep>(sweep: S) {
  return z
    .object({
      sweep: z.literal(sweep),
      tickId: z.string().min(1).describe('The tick that was split; correlation id of every event the shard writes'),
      scheduledAt: isoDateTimeSchema.describe('The tick\'s scheduledAt: the shard\'s "now"'),
      shard: z.int().nonnegative().describe('0-based index of this shard'),
      shards: z.int().positive().describe('How many shards the tick was split into'),
      afterId: z.int().nonnegative().describe('The shard covers subscription ids > afterId …'),
      throughId: z.int().positive().nullable().describe('… and ≤ throughId; null for the last shard (open-ended: rows inserted after the split)'),
    })
    .refine((d) => d.shard < d.shards, { message: 'shard must be < shards' })
    .refine((d) => d.throughId === null || d.throughId >= d.afterId, { message: 'throughId must be ≥ afterId' });
}

export type BillingSweepShardDataSchema<S extends ShardedSweep> = ReturnType<typeof billingSweepShardDataSchema<S>>;
export type BillingSweepShard<S extends ShardedSweep = ShardedSweep> = z.infer<BillingSweepShardDataSchema<S>>;
