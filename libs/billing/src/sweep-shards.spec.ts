import { inRange, MIN_SAMPLE_PER_SHARD, shardRanges } from './sweep-shards';

const covering = (ranges: ReturnType<typeof shardRanges>, ids: number[]) =>
  ids.map((id) => ranges.filter((r) => inRange(r, id)).map((r) => r.index));

describe('shardRanges', () => {
  it('with one shard covers every id, open-ended', () => {
    expect(shardRanges(1, { minId: 5, maxId: 900, sample: [] })).toEqual([{ index: 0, count: 1, afterId: 0, throughId: null }]);
  });

  it('cuts the id span evenly without a usable sample; the last shard is open-ended', () => {
    const ranges = shardRanges(4, { minId: 1, maxId: 1000, sample: [] });
    expect(ranges.map((r) => [r.afterId, r.throughId])).toEqual([
      [0, 250],
      [250, 500],
      [500, 750],
      [750, null],
    ]);
  });

  it('puts every id, also one inserted after the split, in exactly one shard', () => {
    const ranges = shardRanges(8, { minId: 101, maxId: 1_000_000, sample: [] });
    const ids = [1, 100, 101, 124_988, 124_989, 500_000, 999_999, 1_000_000, 1_000_001, 5_000_000];
    for (const owners of covering(ranges, ids)) expect(owners).toHaveLength(1);
    expect(covering(ranges, [5_000_000])).toEqual([[7]]);
  });

  it('cuts at the quantiles of the sampled candidates, so a cluster of candidates is spread over the shards', () => {
    // every candidate lies in 900_001..901_000 of a million ids: even cuts would give one shard all of them
    const sample = Array.from({ length: 400 }, (_, i) => 900_001 + i * 2);
    const ranges = shardRanges(4, { minId: 1, maxId: 1_000_000, sample });
    const perShard = ranges.map((r) => sample.filter((id) => inRange(r, id)).length);
    expect(perShard).toEqual([100, 100, 100, 100]);
    expect(ranges[3].throughId).toBeNull();
  });

  it('falls back to even cuts below the minimum sample per shard', () => {
    const sample = Array.from({ length: 4 * MIN_SAMPLE_PER_SHARD - 1 }, (_, i) => 10 + i);
    expect(shardRanges(4, { minId: 1, maxId: 400, sample }).map((r) => r.afterId)).toEqual([0, 100, 200, 300]);
  });

  it('never overlaps, even with repeated cuts or an empty table', () => {
    const repeated = shardRanges(4, { minId: 1, maxId: 10, sample: Array(40).fill(7) });
    expect(repeated.map((r) => [r.afterId, r.throughId])).toEqual([
      [0, 7],
      [7, 7],
      [7, 7],
      [7, null],
    ]);
    expect(shardRanges(3, { minId: null, maxId: null, sample: [] }).map((r) => [r.afterId, r.throughId])).toEqual([
      [0, 0],
      [0, 0],
      [0, null],
    ]);
  });

  it('rejects a shard count below one', () => {
    expect(() => shardRanges(0, { minId: 1, maxId: 2, sample: [] })).toThrow(RangeError);
  });
});
