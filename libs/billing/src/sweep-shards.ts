/** A slice of `subscriptions` by id: ids > afterId and ≤ throughId (null: no upper bound). */
export interface SweepRange {
  afterId: number;
  throughId: number | null;
}

/**
 * Where a sweep's keyset stands: the last row read, in (end, id) order. `endsAt` is PostgreSQL's own
 * text of the timestamp (microseconds), so no row is read twice or skipped at a sub-millisecond end.
 */
export interface PageCursor {
  endsAt: string;
  id: number;
}

/** Every id: what a sweep without a shard covers. */
export const WHOLE_TABLE: SweepRange = Object.freeze({ afterId: 0, throughId: null });

/** One shard of a tick's sweep, as a work item carries it. */
export interface SweepShard extends SweepRange {
  /** 0-based. */
  index: number;
  count: number;
}

/** What the split could learn without scanning the table: the id bounds and sampled candidate ids. */
export interface ShardEvidence {
  /** min(id) and max(id) of subscriptions (both index lookups); null when the table is empty. */
  minId: number | null;
  maxId: number | null;
  /** The sweep's candidate ids in a page sample, ascending; the cut points are their quantiles. */
  sample: readonly number[];
}

/** Below this many sampled candidates per shard the quantiles are noise: cut the id span evenly instead. */
export const MIN_SAMPLE_PER_SHARD = 4;

/**
 * `count` contiguous id ranges that together cover every id > 0, the last one open-ended so that rows
 * inserted after the split are not lost. Cuts at the sample's quantiles (each shard about the same
 * number of candidates), else evenly over [minId, maxId]. Pure: the same evidence, the same ranges.
 */
export function shardRanges(count: number, evidence: ShardEvidence): SweepShard[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, got ${count}`);
  const cuts = quantileCuts(count, evidence.sample) ?? evenCuts(count, evidence.minId, evidence.maxId);
  return Array.from({ length: count }, (_, index) => ({
    index,
    count,
    afterId: index === 0 ? 0 : cuts[index - 1],
    throughId: index === count - 1 ? null : cuts[index],
  }));
}

function quantileCuts(count: number, sample: readonly number[]): number[] | null {
  if (sample.length < count * MIN_SAMPLE_PER_SHARD) return null;
  return monotone(Array.from({ length: count - 1 }, (_, i) => sample[Math.floor(((i + 1) * sample.length) / count) - 1]));
}

function evenCuts(count: number, minId: number | null, maxId: number | null): number[] {
  const lo = Math.max((minId ?? 1) - 1, 0);
  const hi = Math.max(maxId ?? lo, lo);
  return monotone(Array.from({ length: count - 1 }, (_, i) => lo + Math.round(((i + 1) * (hi - lo)) / count)));
}

/** Cuts never go down, so ranges never overlap (equal cuts give an empty shard, which is harmless). */
function monotone(cuts: number[]): number[] {
  for (let i = 1; i < cuts.length; i++) cuts[i] = Math.max(cuts[i], cuts[i - 1]);
  return cuts;
}

/** True when `id` lies in the range. */
export function inRange(range: SweepRange, id: number): boolean {
  return id > range.afterId && (range.throughId === null || id <= range.throughId);
}
