import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createBillingSweeps,
  createDunning,
  PromDunningMetrics,
  PromSweepMetrics,
  paytrForwardSettingsFromEnv,
  type BillingSettings,
  type BillingSweeps,
  type Dunning,
  type DunningSettings,
} from '@lifecycle/billing';
import { MetricsRegistry } from '@lifecycle/observability';
import { createPaymentGateway, type PaymentGateway, type PaymentGatewaySettings } from '@lifecycle/payments';
import { Clock } from '@lifecycle/time';
import type { BillingEnv } from './billing.env';
import { BILLING_SWEEPS, DUNNING, PAYMENT_GATEWAY } from './billing.tokens';
import { DataRetentionHandler } from './data-retention.handler';
import { DunningDetectionPoller } from './dunning-detection.poller';
import { PaytrWebhookController } from './paytr-webhook.controller';
import { TickController } from './tick.controller';

export interface BillingConfig {
  env: BillingEnv;
  settings: BillingSettings;
  dunning: DunningSettings;
  payments: PaymentGatewaySettings;
}

/** The billing service: what it reacts to is listed by its handlers. */
@Module({})
export class BillingModule {
  static forRoot({ env, settings, dunning, payments }: BillingConfig): DynamicModule {
    return {
      module: BillingModule,
      controllers: [TickController, PaytrWebhookController, DataRetentionHandler],
      providers: [
        {
          provide: BILLING_SWEEPS,
          useFactory: (dataSource: DataSource, clock: Clock, metrics: MetricsRegistry): BillingSweeps =>
            createBillingSweeps({
              manager: dataSource.manager,
              clock,
              settings,
              metrics: new PromSweepMetrics(metrics.registry),
              dunningMetrics: new PromDunningMetrics(metrics.registry),
              logger: new Logger('billing'),
            }),
          inject: [DataSource, Clock, MetricsRegistry],
        },
        { provide: PAYMENT_GATEWAY, useFactory: (): PaymentGateway => createPaymentGateway(payments.gateway) },
        {
          provide: DUNNING,
          useFactory: (dataSource: DataSource, clock: Clock, metrics: MetricsRegistry, gateway: PaymentGateway): Dunning =>
            createDunning({
              manager: dataSource.manager,
              clock,
              settings,
              dunning,
              gateway,
              paytrCallback: payments.paytrCallback,
              paytrForward: paytrForwardSettingsFromEnv(env),
              metrics: new PromDunningMetrics(metrics.registry),
              logger: new Logger('dunning'),
            }),
          inject: [DataSource, Clock, MetricsRegistry, PAYMENT_GATEWAY],
        },
        ...DunningDetectionPoller.providers(dunning.detectIntervalMs),
        DataRetentionHandler.useCase(env),
      ],
    };
  }
}
