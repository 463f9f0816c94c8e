import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createBillingSweeps, PromSweepMetrics, type BillingSettings, type BillingSweeps } from '@lifecycle/billing';
import { MetricsRegistry } from '@lifecycle/observability';
import { Clock } from '@lifecycle/time';
import { BILLING_SWEEPS } from './billing.tokens';
import { TickController } from './tick.controller';

/** The billing service: what it reacts to is listed by its handlers. */
@Module({})
export class BillingModule {
  static forRoot(settings: BillingSettings): DynamicModule {
    return {
      module: BillingModule,
      controllers: [TickController],
      providers: [
        {
          provide: BILLING_SWEEPS,
          useFactory: (dataSource: DataSource, clock: Clock, metrics: MetricsRegistry): BillingSweeps =>
            createBillingSweeps({
              manager: dataSource.manager,
              clock,
              settings,
              metrics: new PromSweepMetrics(metrics.registry),
              logger: new Logger('billing'),
            }),
          inject: [DataSource, Clock, MetricsRegistry],
        },
      ],
    };
  }
}
