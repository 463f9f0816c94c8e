import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadEnv } from '@lifecycle/config';
import { backupEnv, BackupIssueRepository, backupSettingsFromEnv, createDatabaseBackup, type BackupIssue, type BackupIssueStore } from '@lifecycle/housekeeping';
import { createDataSource } from '@lifecycle/persistence';
import { isoId } from '@lifecycle/contracts';
import { SystemClock } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';
import { positiveCount } from './format/options';
import { formatBytes } from './format/time';

/** What `lifecyclectl backup` reads: the CLI's variables and the backup ones. */
export const backupCliEnvSchema = z.object({ ...cliEnvSchema.shape, ...backupEnv });

/** Resolves an open backup.failed after a successful dump; the database is opened only then. */
function resolveOnly(databaseUrl: string): BackupIssueStore {
  return {
    raise: async () => false,
    resolve: async (issue: BackupIssue) => {
      const dataSource = await createDataSource(databaseUrl, { poolSize: 1, applicationName: 'lifecyclectl backup' }).initialize();
      try {
        return await new BackupIssueRepository(dataSource.manager).resolve(issue);
      } finally {
        await dataSource.destroy();
      }
    },
  };
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('back the database up now, as the database-backup tick does: pg_dump (custom format) into BACKUP_DIR, keeping the newest BACKUP_KEEP')
    .option('--dir <path>', 'the backup directory (default: BACKUP_DIR)')
    .option('--keep <n>', 'how many backups to keep (default: BACKUP_KEEP, 7)', positiveCount)
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', '\nRestore: pg_restore --clean --if-exists --dbname <DATABASE_URL> <file> (docs/operations.md). A success resolves an open backup.failed alert.')
    .action(async (options: { dir?: string; keep?: number; json?: boolean }) => {
      const env = loadEnv('lifecyclectl', backupCliEnvSchema);
      const now = new SystemClock().now();
      const warnings: string[] = [];
      const backup = createDatabaseBackup({
        settings: backupSettingsFromEnv(env),
        issues: resolveOnly(env.DATABASE_URL),
        logger: { log: () => undefined, warn: (message) => void warnings.push(message) },
      });
      const outcome = await backup.execute({
        now,
        correlationId: `lifecyclectl-backup@${isoId(now)}`,
        trigger: 'on-demand',
        ...(options.dir !== undefined && { dir: resolve(options.dir) }),
        ...(options.keep !== undefined && { keep: options.keep }),
      });
      for (const warning of warnings) process.stderr.write(`lifecyclectl: ${warning}\n`);
      if (options.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
      if (outcome.status === 'failed') {
        if (!options.json) process.stderr.write(`lifecyclectl: backup failed: ${outcome.error}\n`);
        process.exitCode = 1;
        return;
      }
      if (options.json || outcome.status !== 'succeeded') return;
      const lines = [
        `backup written: ${outcome.file} (${formatBytes(outcome.bytes)}, ${outcome.durationSeconds.toFixed(1)} s)`,
        `${outcome.kept.length} backup(s) kept${outcome.deleted.length ? `; deleted ${outcome.deleted.join(', ')}` : ''}`,
        ...(outcome.issueResolved ? ['resolved the open backup.failed alert'] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
