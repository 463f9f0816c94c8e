import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '@lifecycle/observability';
import { Clock } from '@lifecycle/time';
import { createWorkspaceDriver, createWorkspaceGuard, PromGuardMetrics, workspaceDriverSettings } from '@lifecycle/workspace-guard';
import { guardRetrySettings, type WorkspaceGuardEnv } from './workspace-guard.env';
import { LifecycleEventController } from './lifecycle-event.controller';
import { APPLY_GUARD_EVENT, GUARD_RETRY } from './workspace-guard.tokens';

/** The workspace-guard service: what it reacts to is listed by its handlers. */
@Module({})
export class WorkspaceGuardModule {
  static forRoot(env: WorkspaceGuardEnv): DynamicModule {
    const driver = createWorkspaceDriver(workspaceDriverSettings(env));
    return {
      module: WorkspaceGuardModule,
      controllers: [LifecycleEventController],
      providers: [
        { provide: GUARD_RETRY, useValue: guardRetrySettings(env) },
        {
          provide: APPLY_GUARD_EVENT,
          useFactory: (dataSource: DataSource, clock: Clock, metrics: MetricsRegistry) =>
            createWorkspaceGuard({
              dataSource,
              driver,
              clock,
              logger: new Logger('workspace-guard'),
              metrics: new PromGuardMetrics(metrics.registry),
            }),
          inject: [DataSource, Clock, MetricsRegistry],
        },
      ],
    };
  }
}
