/**
 * A process-wide cap on work in progress: at most `limit` holders at once, the others wait in
 * arrival order. The notifier takes one permit per event for the whole of its handling (render,
 * claim, send, record), so the rendered mails held in memory are bounded by the process, however
 * many consumers pull events (docs/notifier.md, "Memory").
 */
export class InFlightLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`in-flight limit must be a positive integer, got ${limit}`);
  }

  /** Holders now. */
  get running(): number {
    return this.active;
  }

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `fn` once a permit is free; the permit is returned however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    // the permit passes straight from the releasing holder to the first waiter (active stays the same)
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** No cap (tests that do not exercise it). */
export const UNLIMITED = new InFlightLimit(Number.MAX_SAFE_INTEGER);
