import { Controller, Inject, Logger, type Provider } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { backupSettingsFromEnv, createDatabaseBackup, DatabaseBackupUseCase, type BackupEnv } from '@lifecycle/housekeeping';
import type { JetStreamContext } from '@lifecycle/messaging';
import { MetricsRegistry } from '@lifecycle/observability';

/** The database-backup tick: pg_dump into BACKUP_DIR. Health runs it because it only reads the database. */
@Controller()
export class BackupController {
  private readonly logger = new Logger('backup');

  constructor(@Inject(DatabaseBackupUseCase) private readonly backup: DatabaseBackupUseCase) {}

  /** The use case, built from the health service's environment. */
  static useCase(env: BackupEnv & { DATABASE_URL: string }): Provider {
    return {
      provide: DatabaseBackupUseCase,
      useFactory: (dataSource: DataSource, metrics: MetricsRegistry) =>
        createDatabaseBackup({ settings: backupSettingsFromEnv(env), issues: dataSource.manager, registry: metrics.registry, logger: new Logger('backup') }),
      inject: [DataSource, MetricsRegistry],
    };
  }

  @EventPattern<string>('clock.tick.database-backup')
  async databaseBackup(@Payload() tick: Envelope<'clock.tick.database-backup'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const superseded = ctx.msg.info.pending > 0;
    const outcome = await this.backup.execute({ now: new Date(tick.data.scheduledAt), correlationId: tick.id, trigger: 'tick', superseded });
    if (outcome.status === 'succeeded') this.logger.log({ msg: `${tick.id}: wrote ${outcome.file} (${outcome.bytes} bytes)`, outcome });
    if (outcome.status === 'failed') this.logger.error({ msg: `${tick.id}: backup failed: ${outcome.error}`, outcome });
    if (superseded) this.logger.log(`${tick.id}: skipped, a later database-backup tick is queued`);
  }
}
