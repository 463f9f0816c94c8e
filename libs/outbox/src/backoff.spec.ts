import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    const top = new Backoff(100, 1_000, () => 1);
    expect([top.next(), top.next(), top.next(), top.next(), top.next(), top.next()]).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    const bottom = new Backoff(100, 1_000, () => 0);
    expect([bottom.next(), bottom.next(), bottom.next()]).toEqual([50, 100, 200]);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('stays at the cap however long it fails', () => {
    const backoff = new Backoff(500, 30_000, () => 1);
    for (let i = 0; i < 1_000; i++) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });
});
