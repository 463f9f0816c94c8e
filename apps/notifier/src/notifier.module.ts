import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createNotifier,
  notifierSettingsFromEnv,
  PromNotifierMetrics,
  transportSettingsFromEnv,
  webhookSettingsFromEnv,
  type Notifier,
} from '@lifecycle/notifier';
import { MetricsRegistry } from '@lifecycle/observability';
import { Clock } from '@lifecycle/time';
import { CustomerMailHandler } from './customer-mail.handler';
import { MailjetWebhookController } from './mailjet-webhook.controller';
import type { NotifierEnv } from './notifier.env';
import { NOTIFIER } from './notifier.tokens';
import { OpsAlertMailHandler } from './ops-alert-mail.handler';

@Injectable()
class NotifierCloser implements OnApplicationShutdown {
  constructor(@Inject(NOTIFIER) private readonly notifier: Notifier) {}

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
  }
}

/** The notifier service: what it reacts to is listed by its handlers. */
@Module({})
export class NotifierModule {
  static forRoot(env: NotifierEnv): DynamicModule {
    const logger = new Logger('notifier');
    const settings = notifierSettingsFromEnv(env);
    const transport = transportSettingsFromEnv(env);
    const webhook = webhookSettingsFromEnv(env);
    return {
      module: NotifierModule,
      controllers: [CustomerMailHandler, OpsAlertMailHandler, MailjetWebhookController],
      providers: [
        {
          provide: NOTIFIER,
          useFactory: async (dataSource: DataSource, clock: Clock, metrics: MetricsRegistry): Promise<Notifier> => {
            if (!settings.opsAlert.to) logger.warn('OPS_ALERT_EMAIL is not set: operator alerts (health.alert.*) are not mailed');
            if (!webhook.credentials) logger.warn('MAILJET_WEBHOOK_USER/PASSWORD are not set: POST /webhooks/mailjet answers 503');
            return createNotifier({
              dataSource,
              clock,
              settings,
              transport,
              webhook,
              metrics: new PromNotifierMetrics(metrics.registry, transport.transport),
              logger,
            });
          },
          inject: [DataSource, Clock, MetricsRegistry],
        },
        NotifierCloser,
      ],
    };
  }
}
