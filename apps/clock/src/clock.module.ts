import { hostname } from 'node:os';
import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  ClockControlServer,
  ClockRunner,
  FireDueTicks,
  FireSimulatedSlots,
  MoveSimulatedTime,
  PromClockMetrics,
  PublishedWaiter,
  RunTickManually,
  SharedSimulatedClock,
  SimulatedClockFollower,
  TickRepository,
  TimeControlRepository,
  type ClockMetrics,
} from '@lifecycle/clock';
import { NATS_CONNECTION, Namespace } from '@lifecycle/messaging';
import { MetricsRegistry } from '@lifecycle/observability';
import type { ScheduleDefinition } from '@lifecycle/scheduling';
import { Clock, parseDuration } from '@lifecycle/time';
import { ClockControlHandlers } from './clock-control.handlers';
import { CLOCK_METRICS, CLOCK_OPTIONS, type ClockOptions } from './clock.tokens';
import type { ClockEnv } from './clock.env';
import { TimeKeeper } from './time-keeper';

/** The clock service: fires the schedules' ticks and answers `clock.control.*` requests. */
@Module({})
export class ClockModule {
  static forRoot({ env, schedules }: { env: ClockEnv; schedules: readonly ScheduleDefinition[] }): DynamicModule {
    const options: ClockOptions = {
      mode: env.CLOCK_MODE,
      schedules,
      replicaId: env.CLOCK_REPLICA_ID ?? `${hostname()}:${process.pid}`,
      controlTimeoutMs: parseDuration(env.CLOCK_CONTROL_TIMEOUT),
    };
    const log = new Logger('clock');
    const providers: Provider[] = [
      { provide: CLOCK_OPTIONS, useValue: options },
      { provide: CLOCK_METRICS, useFactory: (metrics: MetricsRegistry) => new PromClockMetrics(metrics.registry), inject: [MetricsRegistry] },
      { provide: TickRepository, useFactory: (dataSource: DataSource) => new TickRepository(dataSource), inject: [DataSource] },
      {
        provide: PublishedWaiter,
        useFactory: (store: TickRepository) => new PublishedWaiter(store, options.controlTimeoutMs),
        inject: [TickRepository],
      },
      {
        provide: RunTickManually,
        useFactory: (store: TickRepository, clock: Clock, metrics: ClockMetrics, waiter: PublishedWaiter) =>
          new RunTickManually(store, clock, metrics, waiter),
        inject: [TickRepository, Clock, CLOCK_METRICS, PublishedWaiter],
      },
      {
        provide: ClockControlServer,
        useFactory: (nc: NatsConnection, namespace: Namespace) => new ClockControlServer(nc, namespace, log),
        inject: [NATS_CONNECTION, Namespace],
      },
      ClockControlHandlers,
      TimeKeeper,
    ];
    if (options.mode === 'system') {
      providers.push({
        provide: ClockRunner,
        useFactory: (store: TickRepository, clock: Clock, metrics: ClockMetrics) => {
          const fireDue = new FireDueTicks(store, metrics, log, { definitions: schedules, replicaId: options.replicaId, startedAt: clock.now() });
          return new ClockRunner(fireDue, clock, log);
        },
        inject: [TickRepository, Clock, CLOCK_METRICS],
      });
    } else {
      providers.push(
        {
          provide: FireSimulatedSlots,
          useFactory: (store: TickRepository, metrics: ClockMetrics) => new FireSimulatedSlots(store, schedules, metrics, log, options.replicaId),
          inject: [TickRepository, CLOCK_METRICS],
        },
        {
          provide: SimulatedClockFollower,
          useFactory: (clock: Clock, fireSlots: FireSimulatedSlots) => new SimulatedClockFollower(sharedClock(clock), fireSlots, log),
          inject: [Clock, FireSimulatedSlots],
        },
        {
          provide: MoveSimulatedTime,
          useFactory: (clock: Clock, dataSource: DataSource, fireSlots: FireSimulatedSlots, waiter: PublishedWaiter) =>
            new MoveSimulatedTime(sharedClock(clock), new TimeControlRepository(dataSource), fireSlots, waiter),
          inject: [Clock, DataSource, FireSimulatedSlots, PublishedWaiter],
        },
      );
    }
    return { module: ClockModule, providers };
  }
}

function sharedClock(clock: Clock): SharedSimulatedClock {
  if (clock instanceof SharedSimulatedClock) return clock;
  throw new Error('CLOCK_MODE=simulated, but the Clock provider is not the shared simulated clock');
}
