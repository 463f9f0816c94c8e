import { join } from 'node:path';
import type { Clock } from '@lifecycle/time';
import { BackupDirectoryMissingError, BackupError } from './backup.errors';
import { backupFileName, backupsToDelete, backupTime, partialFileName, stalePartials } from './backup-files';
import type { BackupDirectory, BackupIssue, BackupIssueStore, BackupMetrics, DumpRunner } from './backup.ports';
import type { BackupSettings } from './backup.settings';
import type { HousekeepingLogger } from './data-retention.ports';

export interface BackupRequest {
  /** The time of a raised or resolved issue: the tick's scheduledAt. */
  now: Date;
  correlationId: string;
  /**
   * `tick`: without a directory nothing happens, and a failure opens `backup.failed`. `on-demand`
   * (`lifecyclectl backup`): both are errors for the operator who ran it. A success resolves the issue either way.
   */
  trigger: 'tick' | 'on-demand';
  /**
   * Another database-backup tick waits behind this one (a new consumer starting on the stream's week of
   * ticks, a clock catching up): only the latest of them dumps.
   */
  superseded?: boolean;
  /** Overrides of BACKUP_DIR and BACKUP_KEEP (`lifecyclectl backup --dir --keep`). */
  dir?: string;
  keep?: number;
}

export type BackupOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'succeeded';
      file: string;
      bytes: number;
      durationSeconds: number;
      /** The backups kept, newest first, and the ones rotation deleted. */
      kept: string[];
      deleted: string[];
      issueResolved: boolean;
    }
  | { status: 'failed'; dir: string | null; error: string; errorName: string; issueRaised: boolean };

/** `backup:<dir>`, short enough for alert ids and mail dedup keys. */
export function backupResource(dir: string): string {
  return `backup:${dir.length > 120 ? `…${dir.slice(-119)}` : dir}`;
}

/**
 * The design document's backup_database.py: `pg_dump` (custom format) into the backup directory under a
 * temporary name, renamed when complete, then the newest `keep` backups are kept. A failure is the health
 * issue `backup.failed`; the next success resolves it. File names carry the wall-clock time, even in
 * simulated mode: they are real files, and rotation must keep the real newest.
 */
export class DatabaseBackupUseCase {
  private skipLogged = false;

  constructor(
    private readonly settings: BackupSettings,
    private readonly dumper: DumpRunner,
    private readonly directory: BackupDirectory,
    private readonly issues: BackupIssueStore,
    private readonly wallClock: Clock,
    private readonly metrics: BackupMetrics,
    private readonly logger: HousekeepingLogger,
  ) {}

  async execute(request: BackupRequest): Promise<BackupOutcome> {
    const dir = request.dir ?? this.settings.dir;
    if (!dir) return request.trigger === 'tick' ? this.skip() : this.failed(request, null, new BackupDirectoryMissingError());
    if (request.superseded) return { status: 'skipped', reason: 'a later database-backup tick is queued' };
    const started = this.wallClock.now();
    const name = backupFileName(started);
    const partial = join(dir, partialFileName(name));
    try {
      await this.directory.ensure(dir);
      await this.directory.reserve(partial);
      await this.dumper.dump(partial).catch(async (error: unknown) => {
        await this.directory.remove(partial).catch(() => undefined);
        throw error;
      });
      await this.directory.commit(partial, join(dir, name));
    } catch (error) {
      return this.failed(request, dir, error);
    }
    this.metrics.ran('succeeded');
    // The dump is complete: a rotation problem is logged, never turned into a failed backup.
    const { kept, deleted, bytes } = await this.rotate(dir, name, request.keep ?? this.settings.keep).catch((error: unknown) => {
      this.logger.warn(`backup ${name} succeeded, but listing ${dir} for rotation did not: ${message(error)}`);
      return { kept: [name], deleted: [], bytes: 0 };
    });
    const issueResolved = await this.issues.resolve(this.issue(request, dir)).catch((error: unknown) => {
      this.logger.warn(`backup ${name} succeeded, but resolving backup.failed did not: ${message(error)}`);
      return false;
    });
    const durationSeconds = (this.wallClock.now().getTime() - started.getTime()) / 1000;
    return { status: 'succeeded', file: join(dir, name), bytes, durationSeconds, kept, deleted, issueResolved };
  }

  private skip(): BackupOutcome {
    if (!this.skipLogged) this.logger.log('database-backup: BACKUP_DIR is not set; backups are off (this is logged once)');
    this.skipLogged = true;
    return { status: 'skipped', reason: 'BACKUP_DIR is not set' };
  }

  private async failed(request: BackupRequest, dir: string | null, error: unknown): Promise<BackupOutcome> {
    this.metrics.ran('failed');
    const text = message(error);
    // Recording the issue may throw: the tick is then retried (and dead-lettered), never silently lost.
    const issueRaised = request.trigger === 'tick' && dir ? await this.issues.raise(this.issue(request, dir), text) : false;
    return { status: 'failed', dir, error: text, errorName: error instanceof Error ? error.name : 'Error', issueRaised };
  }

  private async rotate(dir: string, justWritten: string, keep: number): Promise<{ kept: string[]; deleted: string[]; bytes: number }> {
    const entries = await this.directory.list(dir);
    const doomed = [...backupsToDelete(entries, keep, justWritten), ...stalePartials(entries, this.wallClock.now(), this.settings.timeoutMs)];
    const deleted: string[] = [];
    for (const name of doomed) {
      try {
        await this.directory.remove(join(dir, name));
        deleted.push(name);
      } catch (error) {
        this.logger.warn(`backup rotation could not delete ${join(dir, name)}: ${message(error)}`);
      }
    }
    const gone = new Set(deleted);
    const kept = entries
      .flatMap((e) => {
        const at = backupTime(e.name);
        return at && !gone.has(e.name) ? [{ name: e.name, at: at.getTime() }] : [];
      })
      .sort((a, b) => b.at - a.at || b.name.localeCompare(a.name))
      .map((e) => e.name);
    return { kept, deleted, bytes: entries.find((e) => e.name === justWritten)?.bytes ?? 0 };
  }

  private issue(request: BackupRequest, dir: string): BackupIssue {
    return { resource: backupResource(dir), at: request.now, correlationId: request.correlationId };
  }
}

function message(error: unknown): string {
  if (error instanceof BackupError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
