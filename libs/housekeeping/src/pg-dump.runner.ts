import { execFile, type ExecFileException } from 'node:child_process';
import { BackupError, PgDumpFailedError, PgDumpNotFoundError, PgDumpTimeoutError, PgDumpVersionMismatchError } from './backup.errors';
import type { DumpRunner } from './backup.ports';
import { pgDumpConnection, redactSecret } from './pg-dump.connection';

const MISMATCH = /server version: ([^\s;]+).*?pg_dump version: ([^\s;(]+)/s;

/**
 * `pg_dump --format=custom` through execFile, never a shell. The password travels in PGPASSWORD, not in
 * argv; pg_dump syncs the file to disk before it exits (its default since PostgreSQL 12).
 */
export class PgDumpRunner implements DumpRunner {
  constructor(
    private readonly program: string,
    private readonly databaseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  dump(file: string): Promise<void> {
    const { uri, password } = pgDumpConnection(this.databaseUrl);
    const args = ['--format=custom', `--file=${file}`, '--no-password', `--dbname=${uri}`];
    const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
    return new Promise((resolve, reject) => {
      execFile(this.program, args, { env, timeout: this.timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        reject(this.explain(error, redactSecret(String(stderr), password)));
      });
    });
  }

  private explain(error: ExecFileException, stderr: string): BackupError {
    if (error.code === 'ENOENT') return new PgDumpNotFoundError(this.program);
    if (error.killed) return new PgDumpTimeoutError(this.timeoutMs);
    const mismatch = /version mismatch/.test(stderr) ? MISMATCH.exec(stderr) : null;
    if (mismatch) return new PgDumpVersionMismatchError(mismatch[1], mismatch[2], this.program);
    const exit = typeof error.code === 'number' ? `exited with ${error.code}` : error.signal ? `was killed by ${error.signal}` : `failed (${error.code ?? error.message})`;
    return new PgDumpFailedError(exit, lastLines(stderr));
  }
}

function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const joined = lines.slice(-4).join(' / ');
  return joined.length > 800 ? `…${joined.slice(-800)}` : joined;
}
