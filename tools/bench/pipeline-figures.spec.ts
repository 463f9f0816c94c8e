import { ActivitySampler, peakRate } from './pipeline-figures';

describe('peakRate', () => {
  const samples = [0, 1, 2, 3, 4, 5, 6].map((t) => ({ t, n: [0, 10, 20, 120, 220, 230, 240][t] }));

  it('is the best rate over a window of at least the given length', () => {
    expect(peakRate(samples, (s) => s.n, 2)).toBe(100);
    expect(peakRate(samples, (s) => s.n, 1)).toBe(100);
    expect(peakRate(samples, (s) => s.n, 6)).toBe(40);
  });

  it('is the rate over all samples when they span less than the window, and 0 without two samples', () => {
    expect(peakRate(samples, (s) => s.n, 7)).toBe(40);
    expect(peakRate([samples[3]], (s) => s.n, 1)).toBe(0);
    expect(peakRate([], (s: { t: number }) => s.t, 1)).toBe(0);
  });
});

describe('ActivitySampler', () => {
  it('ranks (service, wait, statement) by busy backends per sample', async () => {
    const sampler = new ActivitySampler();
    const rounds = [
      [{ app: 'lifecycle-notifier', wait: null, q: 'INSERT INTO email_logs' }, { app: 'lifecycle-billing', wait: 'IO:WALSync', q: 'COMMIT' }],
      [{ app: 'lifecycle-notifier', wait: null, q: 'INSERT INTO email_logs' }],
      [],
      [{ app: 'lifecycle-notifier', wait: null, q: 'INSERT INTO email_logs' }, { app: 'lifecycle-notifier', wait: null, q: 'INSERT INTO email_logs' }],
    ];
    for (const rows of rounds) await sampler.sample({ query: async <R>() => ({ rows: rows as R[] }) });
    expect(sampler.samples).toBe(4);
    expect(sampler.top(5)).toEqual([
      { key: 'lifecycle-notifier  cpu  INSERT INTO email_logs', share: 1 },
      { key: 'lifecycle-billing  IO:WALSync  COMMIT', share: 0.25 },
    ]);
  });
});
