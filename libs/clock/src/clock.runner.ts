import type { Clock } from '@lifecycle/time';
import type { ClockLog } from './clock.log';
import type { FireDueOutcome, FireDueTicks } from './fire-due-ticks.use-case';

export interface ClockRunnerOptions {
  /** Longest sleep between two steps; default 1 s. */
  maxSleepMs?: number;
  /** Wait after a failed step (database unreachable); default 5 s. */
  retryMs?: number;
}

/**
 * System mode: runs FireDueTicks every second and, in between, wakes exactly when the next slot
 * becomes due. Each step reads "now" afresh and the watermarks from the database; nothing depends on
 * the previous reading, so a wall clock that jumps in either direction neither repeats nor skips a slot.
 */
export class ClockRunner {
  private readonly maxSleepMs: number;
  private readonly retryMs: number;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private failures = 0;

  constructor(
    private readonly fireDue: FireDueTicks,
    private readonly clock: Clock,
    private readonly log: ClockLog,
    options: ClockRunnerOptions = {},
  ) {
    this.maxSleepMs = options.maxSleepMs ?? 1_000;
    this.retryMs = options.retryMs ?? 5_000;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Finishes the step in flight, then stops. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** One step at the clock's current time; the loop's body, exposed for tests. */
  runOnce(): Promise<FireDueOutcome> {
    return this.fireDue.execute(this.clock.now());
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let delay = this.maxSleepMs;
      try {
        const { nextFireAt } = await this.runOnce();
        if (this.failures > 0) this.log.log(`clock: firing works again after ${this.failures} failed step(s)`);
        this.failures = 0;
        if (nextFireAt) delay = Math.min(this.maxSleepMs, Math.max(0, nextFireAt.getTime() - this.clock.now().getTime()));
      } catch (error) {
        this.failures += 1;
        delay = this.retryMs;
        // One line per failed step would flood the log during a database outage.
        if (this.failures === 1 || this.failures % 12 === 0) {
          this.log.error(`clock: cannot fire due ticks (${this.failures} failed step(s)): ${(error as Error).message}`);
        }
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
