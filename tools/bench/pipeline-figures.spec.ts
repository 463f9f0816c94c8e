import { peakRate } from './pipeline-figures';

describe('peakRate', () => {
  const samples = [0, 1, 2, 3, 4, 5, 6].map((t) => ({ t, n: [0, 10, 20, 120, 220, 230, 240][t] }));

  it('is the best rate over a window of at least the given length', () => {
    expect(peakRate(samples, (s) => s.n, 2)).toBe(100);
    expect(peakRate(samples, (s) => s.n, 1)).toBe(100);
    expect(peakRate(samples, (s) => s.n, 6)).toBe(40);
  });

  it('is 0 when the samples span less than the window', () => {
    expect(peakRate(samples, (s) => s.n, 7)).toBe(0);
    expect(peakRate([], (s: { t: number }) => s.t, 1)).toBe(0);
  });
});
