import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ClockRunner, SimulatedClockFollower } from '@lifecycle/clock';
import { isoId } from '@lifecycle/contracts';
import { Clock } from '@lifecycle/time';
import { CLOCK_OPTIONS, type ClockOptions } from './clock.tokens';

/** Starts what moves the schedules: the wall-clock runner, or the follower of the shared simulated now. */
@Injectable()
export class TimeKeeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('clock');

  constructor(
    @Inject(CLOCK_OPTIONS) private readonly options: ClockOptions,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() @Inject(ClockRunner) private readonly runner?: ClockRunner,
    @Optional() @Inject(SimulatedClockFollower) private readonly follower?: SimulatedClockFollower,
  ) {}

  onApplicationBootstrap(): void {
    const enabled = this.options.schedules.filter((s) => s.enabled).map((s) => s.name);
    this.log.log(
      `clock ${this.options.replicaId} in ${this.options.mode} mode at ${isoId(this.clock.now())}; schedules: ${enabled.join(', ') || 'none enabled'}`,
    );
    this.runner?.start();
    this.follower?.start();
  }

  // onModuleDestroy runs before the outbox relay stops (beforeApplicationShutdown), so a tick fired
  // during shutdown is still published; one left in the outbox goes out with any service's relay.
  async onModuleDestroy(): Promise<void> {
    await this.runner?.stop();
    await this.follower?.stop();
  }
}
