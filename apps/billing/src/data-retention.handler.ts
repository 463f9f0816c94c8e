import { Controller, Inject, Logger, type Provider } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { createDataRetention, DataRetentionUseCase, retentionSettingsFromEnv, type RetentionEnv } from '@lifecycle/housekeeping';
import { MetricsRegistry } from '@lifecycle/observability';

/** The data-retention tick (ARCHITECTURE.md, "The five services": billing handles it). */
@Controller()
export class DataRetentionHandler {
  private readonly logger = new Logger('data-retention');

  constructor(@Inject(DataRetentionUseCase) private readonly retention: DataRetentionUseCase) {}

  /** The use case, built from the billing service's environment (RETENTION_WINDOW, EVIDENCE_RETENTION). */
  static useCase(env: RetentionEnv): Provider {
    return {
      provide: DataRetentionUseCase,
      useFactory: (dataSource: DataSource, metrics: MetricsRegistry) =>
        createDataRetention({ manager: dataSource.manager, settings: retentionSettingsFromEnv(env), registry: metrics.registry }),
      inject: [DataSource, MetricsRegistry],
    };
  }

  @EventPattern<string>('clock.tick.data-retention')
  async prune(@Payload() tick: Envelope<'clock.tick.data-retention'>): Promise<void> {
    const summary = await this.retention.execute({ now: new Date(tick.data.scheduledAt), tickId: tick.id });
    const counts = Object.entries(summary.deleted).map(([table, rows]) => `${rows} ${table}`).join(', ');
    this.logger.log({ msg: `${tick.id}: deleted ${counts}`, summary });
  }
}
