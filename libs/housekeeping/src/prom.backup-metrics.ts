import { Counter, Gauge, type Registry } from 'prom-client';
import { backupTime } from './backup-files';
import type { BackupDirectory, BackupMetrics } from './backup.ports';

/**
 * `lifecycle_backups_total{outcome}`, and, read from the backup directory at scrape time (so they survive
 * restarts and count `lifecyclectl backup` too), `lifecycle_backup_last_success_timestamp_seconds` and
 * `lifecycle_backup_last_size_bytes` of the newest backup; 0 when there is none.
 */
export class PromBackupMetrics implements BackupMetrics {
  private readonly runs: Counter<'outcome'>;

  constructor(registry: Registry, directory: BackupDirectory, dir: string | null) {
    this.runs = new Counter({ name: 'lifecycle_backups_total', help: 'Database backups run, by outcome', labelNames: ['outcome'], registers: [registry] });
    for (const outcome of ['succeeded', 'failed']) this.runs.inc({ outcome }, 0);
    const newest = async () => {
      const entries = dir ? await directory.list(dir).catch(() => []) : [];
      return entries
        .filter((e) => backupTime(e.name) !== null)
        .sort((a, b) => backupTime(b.name)!.getTime() - backupTime(a.name)!.getTime())[0];
    };
    new Gauge({
      name: 'lifecycle_backup_last_success_timestamp_seconds',
      help: 'When the newest database backup in BACKUP_DIR was completed (its modification time); 0 when there is none',
      registers: [registry],
      async collect() {
        const entry = await newest();
        this.set(entry ? entry.modifiedAt.getTime() / 1000 : 0);
      },
    });
    new Gauge({
      name: 'lifecycle_backup_last_size_bytes',
      help: 'Size of the newest database backup in BACKUP_DIR; 0 when there is none',
      registers: [registry],
      async collect() {
        this.set((await newest())?.bytes ?? 0);
      },
    });
  }

  ran(outcome: 'succeeded' | 'failed'): void {
    this.runs.inc({ outcome });
  }
}

export const NO_BACKUP_METRICS: BackupMetrics = { ran: () => undefined };
