import type { ClockLog } from './clock.log';
import type { FireSimulatedSlots } from './fire-simulated-slots.use-case';
import type { SimulatedTime } from './simulated-time';

/**
 * Every clock replica in simulated mode follows the shared now and fires any slot it passed that no
 * clock fired (claims are unique, so racing the replica that moved time is safe). The replica that
 * moves time commits each slot's ticks before the shared now reaches it, so normally there is nothing
 * left to fire; this covers a now moved by anything else. Values are coalesced: only the latest counts.
 */
export class SimulatedClockFollower {
  private seen: Date;
  private latest: Date | null = null;
  private draining: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly time: SimulatedTime,
    private readonly fireSlots: FireSimulatedSlots,
    private readonly log: ClockLog,
  ) {
    this.seen = time.now();
  }

  start(): void {
    this.seen = this.time.now();
    this.unsubscribe ??= this.time.onChange((at) => {
      this.latest = at;
      this.kick();
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.draining;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.latest) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.latest) {
      const target = this.latest;
      this.latest = null;
      try {
        if (target > this.seen) await this.fireSlots.execute(this.seen, target);
        this.seen = target;
      } catch (error) {
        this.log.error(`clock: cannot fire the slots up to the simulated now ${target.toISOString()}: ${(error as Error).message}`);
      }
    }
  }
}
