/** database-backup and `lifecyclectl backup` (docs/operations.md, "Backups"). */
export interface BackupSettings {
  /** Absolute directory of the dumps; null: backups are off (the tick does nothing). */
  dir: string | null;
  /** How many `lifecycle-*.dump` files to keep, the newest. */
  keep: number;
  /** pg_dump is stopped after this long. */
  timeoutMs: number;
  /** The pg_dump program (a name looked up on PATH, or a path). */
  pgDumpPath: string;
  databaseUrl: string;
}
