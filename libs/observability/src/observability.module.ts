import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { MetricsRegistry } from './metrics.registry';
import { OpsController } from './ops.controller';
import { OPS_TOKEN, OpsTokenGuard } from './ops-token.guard';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

export interface ObservabilityOptions {
  service: string;
  logger: Logger;
  opsToken?: string;
  /** Providers (tokens) whose instances implement ReadinessCheck. */
  readiness: InjectionToken[];
  /** One registry shared by the services of an all-in-one process (else a registry of its own). */
  metrics?: MetricsRegistry;
}

/** Logs (pino), the Prometheus registry and /healthz, /readyz, /metrics. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: { logger: options.logger, autoLogging: false, quietReqLogger: true },
        }),
      ],
      controllers: [OpsController],
      providers: [
        { provide: MetricsRegistry, useValue: options.metrics ?? new MetricsRegistry(options.service) },
        { provide: OPS_TOKEN, useValue: options.opsToken },
        OpsTokenGuard,
        {
          provide: READINESS_CHECKS,
          useFactory: (...checks: ReadinessCheck[]) => checks,
          inject: options.readiness as never[],
        },
      ],
      exports: [MetricsRegistry, OPS_TOKEN, OpsTokenGuard],
    };
  }
}
