/** Why a backup failed; the message says what to do and never carries the database password. */
export abstract class BackupError extends Error {}

export class PgDumpNotFoundError extends BackupError {
  constructor(readonly program: string) {
    super(
      `pg_dump not found (PG_DUMP_PATH=${program}${program.includes('/') ? '' : ', looked up on PATH'}): install the PostgreSQL client ` +
        `of the server's major version (e.g. apt-get install postgresql-client-16) or point PG_DUMP_PATH at it`,
    );
    this.name = 'PgDumpNotFoundError';
  }
}

export class PgDumpVersionMismatchError extends BackupError {
  constructor(
    readonly serverVersion: string,
    readonly pgDumpVersion: string,
    readonly program: string,
  ) {
    super(
      `pg_dump ${pgDumpVersion} (${program}) cannot dump a PostgreSQL ${serverVersion} server: pg_dump must be the server's major version ` +
        `or newer; install postgresql-client-${serverVersion.split('.')[0]} and point PG_DUMP_PATH at its pg_dump`,
    );
    this.name = 'PgDumpVersionMismatchError';
  }
}

export class PgDumpFailedError extends BackupError {
  constructor(
    readonly exit: string,
    readonly detail: string,
  ) {
    super(`pg_dump ${exit}${detail ? `: ${detail}` : ''}`);
    this.name = 'PgDumpFailedError';
  }
}

export class PgDumpTimeoutError extends BackupError {
  constructor(readonly timeoutMs: number) {
    super(`pg_dump did not finish within ${Math.round(timeoutMs / 1000)} s (BACKUP_TIMEOUT) and was stopped`);
    this.name = 'PgDumpTimeoutError';
  }
}

export class BackupDirectoryError extends BackupError {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`backup directory ${dir}: ${reason}`);
    this.name = 'BackupDirectoryError';
  }
}

export class BackupDirectoryMissingError extends BackupError {
  constructor() {
    super('no backup directory: set BACKUP_DIR (or pass --dir)');
    this.name = 'BackupDirectoryMissingError';
  }
}
