import type { ExclusiveLock } from './exclusive.lock';
import type { FireSimulatedSlots } from './fire-simulated-slots.use-case';
import type { FiredTick } from './fired-tick';
import type { PublishedWaiter } from './published.waiter';
import type { SimulatedTime } from './simulated-time';

export interface TimeMoved {
  now: Date;
  /** The ticks this move fired, in slot order, all published. */
  ticks: FiredTick[];
}

/**
 * `clock.control.advance` / `clock.control.set`: moves the shared simulated now, firing every slot
 * passed on the way. Each slot's ticks are committed before the shared now reaches the slot, so no
 * process ever sees a time whose ticks are missing from the outbox. Answers once they are published.
 */
export class MoveSimulatedTime {
  constructor(
    private readonly time: SimulatedTime,
    private readonly lock: ExclusiveLock,
    private readonly fireSlots: FireSimulatedSlots,
    private readonly waiter: PublishedWaiter,
  ) {}

  advance(durationMs: number): Promise<TimeMoved> {
    return this.move((now) => new Date(now.getTime() + durationMs));
  }

  /** An earlier time moves now back and fires nothing; the watermarks keep fired slots from firing again. */
  set(at: Date): Promise<TimeMoved> {
    return this.move(() => at);
  }

  private async move(target: (now: Date) => Date): Promise<TimeMoved> {
    const moved = await this.lock.exclusive(async () => {
      const from = await this.time.refresh();
      const to = target(from);
      let reached = from;
      const ticks = await this.fireSlots.execute(from, to, async (at) => {
        await this.time.set(at);
        reached = at;
      });
      if (reached.getTime() !== to.getTime()) await this.time.set(to);
      return { now: to, ticks };
    });
    await this.waiter.waitUntilSent(moved.ticks.map((t) => t.id));
    return moved;
  }
}
