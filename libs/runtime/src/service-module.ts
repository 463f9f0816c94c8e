import { Logger as NestLogger, Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { ServiceName } from '@lifecycle/contracts';
import type { ServiceEnv } from '@lifecycle/config';
import { SharedSimulatedClock } from '@lifecycle/clock';
import { MessagingHealth, MessagingModule, NATS_CONNECTION, Namespace } from '@lifecycle/messaging';
import { MetricsRegistry, ObservabilityModule } from '@lifecycle/observability';
import { OutboxModule } from '@lifecycle/outbox';
import { DatabaseHealth, PersistenceModule } from '@lifecycle/persistence';
import { Clock, SystemClock } from '@lifecycle/time';

export interface ServiceModuleOptions {
  service: ServiceName | 'all-in-one';
  env: ServiceEnv;
  logger: Logger;
  /** The app's own module(s): its handlers and use cases. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Shared by the services of an all-in-one process. */
  metrics?: MetricsRegistry;
}

/** What every service process has: logs, ops HTTP, PostgreSQL, NATS, the outbox relay and a Clock. */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    const { env, service } = options;
    return {
      module: ServiceModule,
      imports: [
        ObservabilityModule.forRoot({
          service,
          logger: options.logger,
          opsToken: env.OPS_TOKEN,
          readiness: [DatabaseHealth, MessagingHealth],
          metrics: options.metrics,
        }),
        PersistenceModule.forRoot({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, applicationName: `lifecycle-${service}` }),
        MessagingModule.forRoot({
          url: env.NATS_URL,
          user: env.NATS_USER,
          pass: env.NATS_PASS,
          token: env.NATS_TOKEN,
          name: `lifecycle-${service}`,
          namespace: env.LIFECYCLE_NAMESPACE,
          replicas: env.STREAM_REPLICAS,
        }),
        OutboxModule,
        ClockPortModule.forRoot(env),
        ...options.imports,
      ],
    };
  }
}

/**
 * The `Clock` port: the wall clock, or in simulated mode the clock service's shared simulated now
 * (ARCHITECTURE.md, "Time enters only through ticks"), started at CLOCK_START (else the wall clock)
 * when no process has set it yet.
 */
@Module({})
class ClockPortModule {
  static forRoot(env: Pick<ServiceEnv, 'CLOCK_MODE' | 'CLOCK_START' | 'STREAM_REPLICAS'>): DynamicModule {
    const provider =
      env.CLOCK_MODE === 'simulated'
        ? {
            provide: Clock,
            useFactory: (nc: NatsConnection, namespace: Namespace) =>
              SharedSimulatedClock.open(nc, namespace, env.CLOCK_START ? new Date(env.CLOCK_START) : new Date(), env.STREAM_REPLICAS, new NestLogger('SimulatedClock')),
            inject: [NATS_CONNECTION, Namespace],
          }
        : { provide: Clock, useClass: SystemClock };
    return { module: ClockPortModule, global: true, providers: [provider], exports: [Clock] };
  }
}
