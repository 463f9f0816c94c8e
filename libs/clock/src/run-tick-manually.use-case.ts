import { randomBytes } from 'node:crypto';
import { manualTickId, type ScheduleName } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import type { ClockMetrics } from './clock.metrics';
import { FutureTickError } from './clock.errors';
import type { FiredTick } from './fired-tick';
import type { PublishedWaiter } from './published.waiter';
import { tickEnvelope } from './tick-envelope';
import type { TickStore } from './tick.store';

export interface ManualRun {
  now: Date;
  ticks: FiredTick[];
}

/**
 * `clock.control.run` (`lifecyclectl tick <schedule> [--at ISO]`): a tick with trigger `manual` and an
 * id of its own, so it never collides with the slot it may coincide with and claims no slot (ARCHITECTURE.md,
 * "Schedules"). `at` defaults to the clock's now and may not lie beyond it. Answers once it is published.
 */
export class RunTickManually {
  constructor(
    private readonly store: TickStore,
    private readonly clock: Clock,
    private readonly metrics: ClockMetrics,
    private readonly waiter: PublishedWaiter,
  ) {}

  async execute(request: { schedule: ScheduleName; at?: Date }): Promise<ManualRun> {
    const now = this.clock.now();
    const scheduledAt = request.at ?? now;
    if (scheduledAt > now) throw new FutureTickError(scheduledAt, now);
    const id = manualTickId(request.schedule, scheduledAt, randomBytes(6).toString('hex'));
    await this.store.appendManual(tickEnvelope({ id, schedule: request.schedule, scheduledAt, firedAt: now, trigger: 'manual' }));
    this.metrics.ticked(request.schedule, 'manual', (now.getTime() - scheduledAt.getTime()) / 1000);
    await this.waiter.waitUntilSent([id]);
    return { now, ticks: [{ id, schedule: request.schedule, scheduledAt, trigger: 'manual' }] };
  }
}
