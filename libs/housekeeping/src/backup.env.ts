import { resolve } from 'node:path';
import { z } from 'zod';
import { positiveInt } from '@lifecycle/config';
import { parseDuration } from '@lifecycle/time';
import type { BackupSettings } from './backup.settings';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return parseDuration(value) > 0;
        } catch {
          return false;
        }
      },
      { message: 'must be a duration such as 30m, 2h or 1d12h' },
    );

/** The variables of database backups: the health service (database-backup tick) and `lifecyclectl backup` read them. */
export const backupEnv = {
  BACKUP_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('directory of the database backups (`pg_dump` custom format, created with mode 0700 when missing); unset: the database-backup tick does nothing'),
  BACKUP_KEEP: positiveInt.max(1000).default(7).describe('backups to keep: the newest `lifecycle-*.dump` files in `BACKUP_DIR`; older ones are deleted after each backup'),
  BACKUP_TIMEOUT: duration('1h').describe('a `pg_dump` running longer than this is stopped and the backup counts as failed'),
  BACKUP_DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), { message: 'must be a postgres:// URL' })
    .optional()
    .describe('the database URL `pg_dump` connects with: a role that can read every table (the owner, or one with `pg_read_all_data`); unset: `DATABASE_URL`, which a services role with only its grants cannot dump'),
  PG_DUMP_PATH: z
    .string()
    .min(1)
    .default('pg_dump')
    .describe("the `pg_dump` program (looked up on `PATH`, or a path); its major version must be the server's or newer"),
};

export type BackupEnv = z.infer<z.ZodObject<typeof backupEnv>>;

/** A backup dumps the whole database, so it may connect as another role than the services' own (BACKUP_DATABASE_URL). */
export function backupSettingsFromEnv(env: BackupEnv & { DATABASE_URL: string }): BackupSettings {
  return {
    dir: env.BACKUP_DIR ? resolve(env.BACKUP_DIR) : null,
    keep: env.BACKUP_KEEP,
    timeoutMs: parseDuration(env.BACKUP_TIMEOUT),
    pgDumpPath: env.PG_DUMP_PATH,
    databaseUrl: env.BACKUP_DATABASE_URL ?? env.DATABASE_URL,
  };
}
