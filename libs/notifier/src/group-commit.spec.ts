import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('runs a lone call at once and coalesces what arrives while calls run', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit(
      async (items: number[]) => {
        calls.push(items);
        if (calls.length === 1) await gate;
        return items.map((n) => n * 10);
      },
      { maxBatch: 3, maxConcurrent: 1 },
    );
    const first = group.submit(1);
    const rest = [2, 3, 4, 5].map((n) => group.submit(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(calls).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every item of a call that throws', async () => {
    const group = new GroupCommit(async () => Promise.reject(new Error('database down')), { maxBatch: 10, maxConcurrent: 1 });
    await expect(group.submit(1)).rejects.toThrow('database down');
  });
});
