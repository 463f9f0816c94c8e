export interface DumpRunner {
  /** Dumps the database into `file` (which exists, empty, mode 0600); throws a BackupError. */
  dump(file: string): Promise<void>;
}

export interface BackupEntry {
  name: string;
  bytes: number;
  modifiedAt: Date;
}

/** The backup directory (backup.directory.ts). */
export interface BackupDirectory {
  /** Creates it (mode 0700) when missing. */
  ensure(dir: string): Promise<void>;
  /** Creates an empty file only the owner can read; fails when it exists. */
  reserve(path: string): Promise<void>;
  /** Renames into place and syncs the directory, so a completed name always holds a complete dump. */
  commit(from: string, to: string): Promise<void>;
  list(dir: string): Promise<BackupEntry[]>;
  remove(path: string): Promise<void>;
}

export interface BackupIssue {
  /** `backup:<absolute dir>`. */
  resource: string;
  /** The time of the issue: the tick's scheduledAt (the CLI: the wall clock). */
  at: Date;
  /** The tick id (the CLI: its own id). */
  correlationId: string;
}

/** `backup.failed` through health's issue lifecycle (backup-issue.repository.ts). */
export interface BackupIssueStore {
  /** Opens the issue (and writes health.alert.raised) unless it is open; true when it was raised now. */
  raise(issue: BackupIssue, message: string): Promise<boolean>;
  /** Resolves the open issue (and writes health.alert.resolved); true when there was one. */
  resolve(issue: BackupIssue): Promise<boolean>;
}

export interface BackupMetrics {
  ran(outcome: 'succeeded' | 'failed'): void;
}
