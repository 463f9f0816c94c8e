import { TicksNotPublishedError } from './clock.errors';
import type { TickStore } from './tick.store';

/** Waits until outbox relays have published (and JetStream acknowledged) the given ticks. */
export class PublishedWaiter {
  constructor(
    private readonly store: Pick<TickStore, 'unsent'>,
    private readonly timeoutMs: number,
    private readonly pollMs = 50,
  ) {}

  async waitUntilSent(tickIds: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let pending = await this.store.unsent(tickIds);
    while (pending.length > 0) {
      if (Date.now() >= deadline) throw new TicksNotPublishedError(pending, this.timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      pending = await this.store.unsent(pending);
    }
  }
}
