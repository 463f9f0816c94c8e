import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  advanceRequestSchema,
  CLOCK_CONTROL,
  ClockControlServer,
  MoveSimulatedTime,
  NotSimulatedError,
  RunTickManually,
  runRequestSchema,
  setRequestSchema,
} from '@lifecycle/clock';

/** What the clock answers: `clock.control.advance`, `.set` (simulated mode) and `.run` (a manual tick). */
@Injectable()
export class ClockControlHandlers implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(ClockControlServer) private readonly server: ClockControlServer,
    @Inject(RunTickManually) private readonly runTick: RunTickManually,
    @Optional() @Inject(MoveSimulatedTime) private readonly moveTime?: MoveSimulatedTime,
  ) {}

  onApplicationBootstrap(): void {
    this.server.serve(CLOCK_CONTROL.advance, advanceRequestSchema, ({ duration }) => this.simulated('advance').advance(duration));
    this.server.serve(CLOCK_CONTROL.set, setRequestSchema, ({ at }) => this.simulated('set').set(at));
    this.server.serve(CLOCK_CONTROL.run, runRequestSchema, (request) => this.runTick.execute(request));
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.close();
  }

  private simulated(operation: string): MoveSimulatedTime {
    if (!this.moveTime) throw new NotSimulatedError(operation);
    return this.moveTime;
  }
}
