import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { JetStreamManager } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { createHealth, healthSettingsFromEnv, type HealthService } from '@lifecycle/health';
import { JETSTREAM_MANAGER, Namespace } from '@lifecycle/messaging';
import { bouncePollSettingsFromEnv, EmailLogRepository, NodeMailjetApi, PollDeliveryStatusesUseCase } from '@lifecycle/notifier';
import { MetricsRegistry } from '@lifecycle/observability';
import { createWorkspaceDriver, workspaceDriverSettings } from '@lifecycle/workspace-guard';
import { Clock } from '@lifecycle/time';
import { BackupController } from './backup.controller';
import type { HealthEnv } from './health.env';
import { HEALTH, STATUS_ASSETS } from './health.tokens';
import { LifecycleEventsController } from './lifecycle-events.controller';
import { loadStatusAssets } from './status-assets';
import { StatusPageGuard } from './status-page.guard';
import { StatusController } from './status.controller';
import { TickController } from './tick.controller';

/** At most 20,000 messages per email-health run (20 pages of 1,000); beyond, configure the webhook. */
const BOUNCE_POLL_MAX_PAGES = 20;

/** The health service: what it reacts to is listed by its handlers. */
@Module({})
export class HealthModule {
  static forRoot(env: HealthEnv): DynamicModule {
    const settings = healthSettingsFromEnv(env);
    const mailjet = bouncePollSettingsFromEnv(env);
    const runtime = createWorkspaceDriver(workspaceDriverSettings(env));
    new Logger('health').log(
      `bounces: ${mailjet ? `polled from Mailjet by each email-health run (${mailjet.apiUrl})` : 'from the Event API webhook only (MAILJET_BOUNCE_POLL)'}; ` +
        `workspace state: ${runtime.observesRuntime ? `the ${runtime.name} driver's` : 'workspaces.is_running'}`,
    );
    return {
      module: HealthModule,
      controllers: [TickController, LifecycleEventsController, StatusController, BackupController],
      providers: [
        {
          provide: HEALTH,
          useFactory: (dataSource: DataSource, jsm: JetStreamManager, namespace: Namespace, clock: Clock, metrics: MetricsRegistry): HealthService =>
            createHealth({
              manager: dataSource.manager,
              jsm,
              namespace,
              clock,
              settings,
              registry: metrics.registry,
              logger: new Logger('health'),
              // without the Event API webhook, each email-health run polls Mailjet for bounces (docs/notifier.md)
              poller: mailjet
                ? new PollDeliveryStatusesUseCase(new NodeMailjetApi(mailjet), new EmailLogRepository(dataSource), {
                    maxPages: BOUNCE_POLL_MAX_PAGES,
                    logger: new Logger('health'),
                  })
                : null,
              runtime,
            }),
          inject: [DataSource, JETSTREAM_MANAGER, Namespace, Clock, MetricsRegistry],
        },
        { provide: STATUS_ASSETS, useFactory: loadStatusAssets },
        StatusPageGuard,
        BackupController.useCase(env),
      ],
    };
  }
}
