import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('runs at most `limit` at once and lets the others in in arrival order as permits return', async () => {
    const limit = new InFlightLimit(2);
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const job = (n: number) =>
      limit.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => gates.set(n, resolve));
        return n * 10;
      });
    const results = [1, 2, 3, 4, 5].map(job);
    await flush();
    expect(started).toEqual([1, 2]);
    expect(limit.running).toBe(2);
    expect(limit.queued).toBe(3);

    gates.get(2)!();
    await flush();
    expect(started).toEqual([1, 2, 3]);
    expect(limit.running).toBe(2);

    gates.get(1)!();
    gates.get(3)!();
    await flush();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    gates.get(4)!();
    gates.get(5)!();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
    expect(limit.running).toBe(0);
    expect(limit.queued).toBe(0);
  });

  it('returns the permit of a job that throws', async () => {
    const limit = new InFlightLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('mailjet down')))).rejects.toThrow('mailjet down');
    expect(await limit.run(async () => 'next')).toBe('next');
    expect(limit.running).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new InFlightLimit(0)).toThrow(RangeError);
  });
});

/** Lets every settled promise's continuations run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
