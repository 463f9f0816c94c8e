import type { HealthCheckName } from '@lifecycle/contracts';
import { HealthTickUseCase, type HealthTickOutcome, type ScheduledTick } from './health-tick.use-case';
import type { HealthRunSummary, HealthTick } from './run-health-check.use-case';

/** A check runner whose runs finish when the test says so, recording which ticks ran. */
class GatedRunner {
  readonly started: string[] = [];
  private readonly gates: (() => void)[] = [];

  execute = (check: HealthCheckName, tick: HealthTick): Promise<HealthRunSummary> => {
    this.started.push(tick.tickId);
    return new Promise((resolve) =>
      this.gates.push(() =>
        resolve({ check, tickId: tick.tickId, now: tick.now.toISOString(), issues: 0, raised: 0, resolved: 0, stale: false, counts: {}, durationSeconds: 0 }),
      ),
    );
  };

  /** Lets the oldest unfinished run finish. */
  finishNext(): void {
    this.gates.shift()?.();
  }
}

/** health_check_runs as the use case reads it: the latest tick a run recorded. */
class RunHistory {
  latest = new Map<HealthCheckName, Date>();
  lastScheduledAt = (check: HealthCheckName) => Promise.resolve(this.latest.get(check) ?? null);
}

const tick = (minute: number, newerQueued = false): ScheduledTick => ({
  now: new Date(Date.UTC(2026, 11, 1, 10, minute)),
  tickId: `t${minute}`,
  newerQueued,
});

const flush = () => new Promise((resolve) => setImmediate(resolve));
const status = (o: HealthTickOutcome) => (o.status === 'ran' ? `ran ${o.summary.tickId}` : o.status);

describe('HealthTickUseCase: one run per check at a time, a backlog runs once', () => {
  let runner: GatedRunner;
  let history: RunHistory;
  let ticks: HealthTickUseCase;

  beforeEach(() => {
    runner = new GatedRunner();
    history = new RunHistory();
    ticks = new HealthTickUseCase(runner, history);
  });

  it('runs a tick when nothing else is running', async () => {
    const outcome = ticks.execute('workspace-health', tick(0));
    await flush();
    runner.finishNext();
    expect(status(await outcome)).toBe('ran t0');
  });

  it('skips a tick when a later one is queued in the transport', async () => {
    expect(await ticks.execute('workspace-health', tick(0, true))).toEqual({ status: 'superseded' });
    expect(runner.started).toEqual([]);
  });

  it('skips a tick older than the latest run recorded', async () => {
    history.latest.set('workspace-health', tick(30).now);
    expect(await ticks.execute('workspace-health', tick(15))).toEqual({ status: 'stale', latest: tick(30).now });
    expect(runner.started).toEqual([]);
  });

  it('coalesces the ticks arriving during a run into one run of the newest', async () => {
    const first = ticks.execute('workspace-health', tick(0));
    await flush();
    expect(runner.started).toEqual(['t0']);

    const backlog = [tick(15), tick(45), tick(30)].map((t) => ticks.execute('workspace-health', t));
    await flush();
    expect(runner.started).toEqual(['t0']); // never two runs of one check at once
    // t15 was replaced by the newer t45; t30, older than the waiting t45, is skipped at once.
    expect(status(await backlog[0])).toBe('superseded');
    expect(status(await backlog[2])).toBe('superseded');

    runner.finishNext();
    expect(status(await first)).toBe('ran t0');
    await flush();
    expect(runner.started).toEqual(['t0', 't45']);
    runner.finishNext();
    expect(status(await backlog[1])).toBe('ran t45');
  });

  it('runs different checks side by side', async () => {
    const workspace = ticks.execute('workspace-health', tick(0));
    const email = ticks.execute('email-health', tick(0));
    await flush();
    expect(runner.started).toEqual(['t0', 't0']);
    runner.finishNext();
    runner.finishNext();
    expect((await Promise.all([workspace, email])).map(status)).toEqual(['ran t0', 'ran t0']);
  });

  it('frees the check after a failed run and still runs the waiting tick', async () => {
    const failing = new HealthTickUseCase(
      { execute: (check, t) => (t.tickId === 't0' ? Promise.reject(new Error('database down')) : runner.execute(check, t)) },
      history,
    );
    const first = failing.execute('billing-health', tick(0));
    const next = failing.execute('billing-health', tick(15));
    await expect(first).rejects.toThrow('database down');
    await flush();
    runner.finishNext();
    expect(status(await next)).toBe('ran t15');
  });
});
