import { nextLookupDelayMs } from './lookup-schedule';

describe('nextLookupDelayMs', () => {
  const grace = 600_000;

  it('looks up 5 s after the attempt, then at twice its age, the last exactly at the grace', () => {
    const ages: number[] = [];
    let age = 0;
    for (let delay = nextLookupDelayMs(age, grace); delay !== null; delay = nextLookupDelayMs(age, grace)) {
      age += delay;
      ages.push(age / 1000);
    }
    expect(ages).toEqual([5, 10, 20, 40, 80, 160, 320, 600]);
  });

  it('continues from a late redelivery without overshooting the grace', () => {
    expect(nextLookupDelayMs(7_300, grace)).toBe(7_300);
    expect(nextLookupDelayMs(590_000, grace)).toBe(10_000);
    expect(nextLookupDelayMs(-50, grace)).toBe(5_000);
  });

  it('has nothing to wait for once the grace has passed, or without a grace', () => {
    expect(nextLookupDelayMs(600_000, grace)).toBeNull();
    expect(nextLookupDelayMs(Number.POSITIVE_INFINITY, grace)).toBeNull();
    expect(nextLookupDelayMs(0, 0)).toBeNull();
  });
});
