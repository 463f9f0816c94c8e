import type { Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { SystemClock, type Clock } from '@lifecycle/time';
import { FsBackupDirectory } from './backup.directory';
import { BackupIssueRepository } from './backup-issue.repository';
import type { BackupIssueStore } from './backup.ports';
import type { BackupSettings } from './backup.settings';
import type { HousekeepingLogger } from './data-retention.ports';
import { DataRetentionRepository } from './data-retention.repository';
import type { RetentionSettings } from './data-retention.settings';
import { DataRetentionUseCase } from './data-retention.use-case';
import { DatabaseBackupUseCase } from './database-backup.use-case';
import { PgDumpRunner } from './pg-dump.runner';
import { NO_BACKUP_METRICS, PromBackupMetrics } from './prom.backup-metrics';
import { NO_RETENTION_METRICS, PromRetentionMetrics } from './prom.retention-metrics';

export interface HousekeepingDeps {
  manager: EntityManager;
  /** The process registry (MetricsRegistry.registry); omitted: no metrics. */
  registry?: Registry;
  /** Real time, even in simulated mode (see retentionCutoffs and DatabaseBackupUseCase); tests pass a FakeClock. */
  wallClock?: Clock;
}

/** The composition root of data-retention, shared by the billing app and tests. */
export function createDataRetention(deps: HousekeepingDeps & { settings: RetentionSettings }): DataRetentionUseCase {
  const metrics = deps.registry ? new PromRetentionMetrics(deps.registry) : NO_RETENTION_METRICS;
  return new DataRetentionUseCase(new DataRetentionRepository(deps.manager), deps.settings, deps.wallClock ?? new SystemClock(), metrics);
}

export interface BackupDeps extends Omit<HousekeepingDeps, 'manager'> {
  settings: BackupSettings;
  logger: HousekeepingLogger;
  /** Where `backup.failed` is raised and resolved: health's tables through this manager, or a store of the caller's. */
  issues: EntityManager | BackupIssueStore;
}

/** The composition root of backups, shared by the health app, `lifecyclectl backup` and tests. */
export function createDatabaseBackup(deps: BackupDeps): DatabaseBackupUseCase {
  const { settings } = deps;
  const issues = 'raise' in deps.issues ? deps.issues : new BackupIssueRepository(deps.issues);
  const directory = new FsBackupDirectory();
  const metrics = deps.registry ? new PromBackupMetrics(deps.registry, directory, settings.dir) : NO_BACKUP_METRICS;
  return new DatabaseBackupUseCase(
    settings,
    new PgDumpRunner(settings.pgDumpPath, settings.databaseUrl, settings.timeoutMs),
    directory,
    issues,
    deps.wallClock ?? new SystemClock(),
    metrics,
    deps.logger,
  );
}
