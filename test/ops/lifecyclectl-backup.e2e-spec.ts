import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lifecyclectl } from '../cli';
import { OpsWorld } from './ops-world';

jest.setTimeout(120_000);

const dumps = (dir: string) => readdirSync(dir).filter((name) => /^lifecycle-\d{8}T\d{6}\.\d{3}Z\.dump$/.test(name)).sort();

function fakeProgram(dir: string, name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('lifecyclectl backup', () => {
  let world: OpsWorld;
  let tmp: string;

  beforeAll(async () => {
    world = await OpsWorld.create({ streams: false });
    tmp = mkdtempSync(join(tmpdir(), 'lc-backup-'));
  });

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await world.dispose();
  });

  it('dumps the database (custom format, mode 0600) and keeps the newest --keep', async () => {
    const dir = join(tmp, 'keep');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await lifecyclectl(['backup', '--dir', dir, '--keep', '2'], world.env);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const [, file] = /^backup written: (\S+) \(/.exec(run.stdout)!;
      names.push(file);
      expect(run.stdout).toMatch(new RegExp(`^backup written: ${file} \\(\\d+(\\.\\d)? kB, \\d+\\.\\d s\\)\\n${Math.min(i + 1, 2)} backup\\(s\\) kept`));
    }
    expect(dumps(dir).map((n) => join(dir, n))).toEqual(names.slice(1));
    expect(statSync(names[2]).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // pg_restore reads it back: the platform tables and this project's own are in it.
    const listing = execFileSync('pg_restore', ['--list', names[2]], { encoding: 'utf8' });
    expect(listing).toContain('TABLE public subscriptions');
    expect(listing).toContain('TABLE public outbox_events');
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('reads BACKUP_DIR and BACKUP_KEEP; --json prints the outcome; other files are never rotated', async () => {
    const dir = join(tmp, 'env');
    await lifecyclectl(['backup'], { ...world.env, BACKUP_DIR: dir });
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const run = await lifecyclectl(['backup', '--json'], { ...world.env, BACKUP_DIR: dir, BACKUP_KEEP: '1' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ status: 'succeeded', kept: [expect.stringMatching(/^lifecycle-/)], deleted: [expect.stringMatching(/^lifecycle-/)], issueResolved: false });
    expect(outcome.bytes).toBeGreaterThan(1000);
    expect(readdirSync(dir).sort()).toEqual([outcome.kept[0], 'notes.txt'].sort());
  });

  it('a success resolves an open backup.failed alert, through the outbox', async () => {
    const dir = join(tmp, 'resolve');
    await world.pool.query(
      `INSERT INTO health_issues (check_name, code, resource, severity, message, first_seen_at, last_seen_at)
       VALUES ('database-backup', 'backup.failed', $1, 'critical', 'pg_dump not found', '2026-11-01T02:00:00Z', '2026-11-01T02:00:00Z')`,
      [`backup:${dir}`],
    );
    const run = await lifecyclectl(['backup', '--dir', dir], world.env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('resolved the open backup.failed alert');
    const { rows } = await world.pool.query(`SELECT resolved_at FROM health_issues WHERE code = 'backup.failed'`);
    expect(rows[0].resolved_at).toBeInstanceOf(Date);
    const { rows: outbox } = await world.pool.query(`SELECT event_id, payload FROM outbox_events WHERE subject = 'health.alert.resolved'`);
    expect(outbox.map((r: { event_id: string }) => r.event_id)).toEqual([`health.alert.resolved:backup.failed:backup:${dir}:2026-11-01T02:00:00Z`]);
  });

  it('the password goes to pg_dump in PGPASSWORD, never in its argv', async () => {
    const bin = mkdtempSync(join(tmp, 'bin-'));
    const record = join(tmp, 'argv.txt');
    const pgDump = fakeProgram(bin, 'pg_dump', `echo "$@" > ${record}; echo "PGPASSWORD=$PGPASSWORD" >> ${record}; : > "$(echo "$2" | sed 's/^--file=//')"`);
    const url = new URL(world.db.url);
    url.username = 'someone';
    url.password = 's3cr3t/pw';
    const run = await lifecyclectl(['backup', '--dir', join(tmp, 'argv')], { ...world.env, DATABASE_URL: url.toString(), PG_DUMP_PATH: pgDump });
    expect(run.stdout).toContain('backup written');
    const [argv, env] = readFileSync(record, 'utf8').trim().split('\n');
    expect(argv).toMatch(/^--format=custom --file=\S+\/\.lifecycle-\S+\.dump\.partial --no-password --dbname=postgres:\/\/someone@127\.0\.0\.1:\d+\/lc_t_\w+$/);
    expect(argv).not.toContain('s3cr3t');
    expect(env).toBe('PGPASSWORD=s3cr3t/pw');
  });

  it.each([
    ['pg_dump missing from PATH', { PATH: '/nonexistent' }, /^lifecyclectl: backup failed: pg_dump not found \(PG_DUMP_PATH=pg_dump, looked up on PATH\): install the PostgreSQL client/],
    ['a server that does not answer', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' }, /^lifecyclectl: backup failed: pg_dump exited with 1: pg_dump: error: connection to server at "127\.0\.0\.1", port 1 failed: Connection refused/],
  ])('%s: exit 1 with what to do, nothing left behind', async (_what, env, message) => {
    const dir = join(tmp, `fail-${Math.random().toString(36).slice(2)}`);
    const run = await lifecyclectl(['backup', '--dir', dir], { ...world.env, ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a pg_dump older than the server: exit 1 naming both versions and the fix', async () => {
    const bin = mkdtempSync(join(tmp, 'bin-'));
    const pgDump = fakeProgram(
      bin,
      'pg_dump',
      'echo "pg_dump: error: aborting because of server version mismatch" >&2; echo "pg_dump: detail: server version: 16.4 (Debian 16.4-1); pg_dump version: 15.20 (Debian 15.20-0+deb12u1)" >&2; exit 1',
    );
    const run = await lifecyclectl(['backup', '--dir', join(tmp, 'mismatch')], { ...world.env, PG_DUMP_PATH: pgDump });
    expect(run).toMatchObject({
      code: 1,
      stderr:
        `lifecyclectl: backup failed: pg_dump 15.20 (${pgDump}) cannot dump a PostgreSQL 16.4 server: pg_dump must be the server's major version ` +
        'or newer; install postgresql-client-16 and point PG_DUMP_PATH at its pg_dump\n',
    });
  });

  it('without a directory, or with a directory that cannot be made, it says so', async () => {
    expect(await lifecyclectl(['backup'], world.env)).toMatchObject({ code: 1, stderr: 'lifecyclectl: backup failed: no backup directory: set BACKUP_DIR (or pass --dir)\n' });
    writeFileSync(join(tmp, 'a-file'), '');
    const run = await lifecyclectl(['backup', '--dir', join(tmp, 'a-file', 'sub')], world.env);
    expect(run).toMatchObject({ code: 1, stderr: `lifecyclectl: backup failed: backup directory ${join(tmp, 'a-file', 'sub')}: a part of the path is a file\n` });
    const keep = await lifecyclectl(['backup', '--keep', '0'], world.env);
    expect(keep.code).toBe(1);
    expect(keep.stderr).toContain('must be a positive whole number');
    const help = await lifecyclectl(['backup', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pg_restore');
  });
});
