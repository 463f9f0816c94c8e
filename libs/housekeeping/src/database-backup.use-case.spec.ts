import { basename } from 'node:path';
import { FakeClock } from '@lifecycle/time';
import { PgDumpNotFoundError } from './backup.errors';
import type { BackupDirectory, BackupEntry, BackupIssue, BackupIssueStore, DumpRunner } from './backup.ports';
import type { BackupSettings } from './backup.settings';
import { DatabaseBackupUseCase } from './database-backup.use-case';

class MemoryDirectory implements BackupDirectory {
  readonly files = new Map<string, BackupEntry>();
  constructor(private readonly clock: FakeClock) {}
  async ensure(): Promise<void> {}
  async reserve(path: string): Promise<void> {
    if (this.files.has(basename(path))) throw new Error('EEXIST');
    this.files.set(basename(path), { name: basename(path), bytes: 0, modifiedAt: this.clock.now() });
  }
  async commit(from: string, to: string): Promise<void> {
    const entry = this.files.get(basename(from))!;
    this.files.delete(basename(from));
    this.files.set(basename(to), { ...entry, name: basename(to), bytes: 4096 });
  }
  async list(): Promise<BackupEntry[]> {
    return [...this.files.values()];
  }
  async remove(path: string): Promise<void> {
    this.files.delete(basename(path));
  }
}

class RecordingIssues implements BackupIssueStore {
  readonly calls: string[] = [];
  open = false;
  async raise(issue: BackupIssue, message: string): Promise<boolean> {
    this.calls.push(`raise ${issue.resource} ${issue.at.toISOString()} ${message}`);
    const raised = !this.open;
    this.open = true;
    return raised;
  }
  async resolve(issue: BackupIssue): Promise<boolean> {
    this.calls.push(`resolve ${issue.resource}`);
    const was = this.open;
    this.open = false;
    return was;
  }
}

const settings: BackupSettings = { dir: '/backups', keep: 2, timeoutMs: 3_600_000, pgDumpPath: 'pg_dump', databaseUrl: 'postgres://x@h/db' };
const tick = (at: string) => ({ now: new Date(at), correlationId: `database-backup@${at}`, trigger: 'tick' as const });

function world(dump: DumpRunner['dump'] = async () => undefined) {
  const clock = new FakeClock('2026-12-01T02:00:05Z');
  const directory = new MemoryDirectory(clock);
  const issues = new RecordingIssues();
  const logs: string[] = [];
  const runs: string[] = [];
  const useCase = new DatabaseBackupUseCase(settings, { dump }, directory, issues, clock, { ran: (o) => void runs.push(o) }, {
    log: (m) => void logs.push(m),
    warn: (m) => void logs.push(`WARN ${m}`),
  });
  return { clock, directory, issues, logs, runs, useCase };
}

describe('DatabaseBackupUseCase', () => {
  it('writes under the wall-clock time, keeps the newest BACKUP_KEEP, resolves nothing when nothing is open', async () => {
    const w = world();
    for (const day of ['01', '02', '03']) {
      w.clock.set(`2026-12-${day}T02:00:05Z`);
      await w.useCase.execute(tick(`2026-12-${day}T02:00:00Z`));
    }
    const outcome = await w.useCase.execute({ ...tick('2026-12-03T02:00:00Z'), keep: 1 });
    expect(outcome).toMatchObject({ status: 'succeeded', file: '/backups/lifecycle-20261203T020005.000Z.dump', bytes: 4096, issueResolved: false });
    expect([...w.directory.files.keys()]).toEqual(['lifecycle-20261203T020005.000Z.dump']);
    expect(w.runs).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('a failure raises backup.failed once (critical alert), the next success resolves it', async () => {
    let fail = true;
    const w = world(async () => {
      if (fail) throw new PgDumpNotFoundError('pg_dump');
    });
    const first = await w.useCase.execute(tick('2026-12-01T02:00:00Z'));
    expect(first).toMatchObject({ status: 'failed', errorName: 'PgDumpNotFoundError', issueRaised: true });
    expect(first.status === 'failed' && first.error).toContain('pg_dump not found');
    expect(w.directory.files.size).toBe(0);
    expect(await w.useCase.execute(tick('2026-12-02T02:00:00Z'))).toMatchObject({ status: 'failed', issueRaised: false });
    fail = false;
    expect(await w.useCase.execute(tick('2026-12-03T02:00:00Z'))).toMatchObject({ status: 'succeeded', issueResolved: true });
    expect(w.issues.calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'raise backup:/backups 2026-12-01T02:00:00.000Z',
      'raise backup:/backups 2026-12-02T02:00:00.000Z',
      'resolve backup:/backups',
    ]);
    expect(w.runs).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('without BACKUP_DIR a tick does nothing and says so once; on demand it is an error', async () => {
    const w = world();
    const noDir = new DatabaseBackupUseCase({ ...settings, dir: null }, { dump: async () => undefined }, w.directory, w.issues, w.clock, { ran: () => undefined }, {
      log: (m) => void w.logs.push(m),
      warn: (m) => void w.logs.push(m),
    });
    expect(await noDir.execute(tick('2026-12-01T02:00:00Z'))).toEqual({ status: 'skipped', reason: 'BACKUP_DIR is not set' });
    await noDir.execute(tick('2026-12-02T02:00:00Z'));
    expect(w.logs).toEqual(['database-backup: BACKUP_DIR is not set; backups are off (this is logged once)']);
    const onDemand = await noDir.execute({ ...tick('2026-12-02T02:00:00Z'), trigger: 'on-demand' });
    expect(onDemand).toMatchObject({ status: 'failed', error: 'no backup directory: set BACKUP_DIR (or pass --dir)', issueRaised: false });
  });

  it('an on-demand failure is told to the operator, not raised; a queued later tick supersedes this one', async () => {
    const w = world(async () => {
      throw new Error('boom');
    });
    expect(await w.useCase.execute({ ...tick('2026-12-01T02:00:00Z'), trigger: 'on-demand' })).toMatchObject({ status: 'failed', issueRaised: false });
    expect(await w.useCase.execute({ ...tick('2026-12-01T02:00:00Z'), superseded: true })).toEqual({
      status: 'skipped',
      reason: 'a later database-backup tick is queued',
    });
    expect(w.issues.calls).toEqual([]);
  });
});
