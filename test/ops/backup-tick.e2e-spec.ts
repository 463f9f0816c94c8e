import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { tickId } from '@lifecycle/contracts';
import { eventually, OpsWorld, startAppProcess, type AppProcess } from './ops-world';

jest.setTimeout(120_000);

/** A sample of /metrics: the line of `name` carrying every label given (the service label is added to all). */
const metric = async (base: string, name: string, labels: Record<string, string> = {}): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
};

describe('the database-backup tick in the health service', () => {
  let world: OpsWorld;
  let health: AppProcess;
  let tmp: string;
  let dir: string;
  let breaker: string;

  beforeAll(async () => {
    world = await OpsWorld.create();
    tmp = mkdtempSync(join(tmpdir(), 'lc-backup-tick-'));
    dir = join(tmp, 'backups');
    breaker = join(tmp, 'break-pg_dump');
    // The real pg_dump, unless the breaker file exists: then it fails as an unreachable server would.
    const realPgDump = execFileSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' }).trim();
    const wrapper = join(tmp, 'pg_dump');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ -e "${breaker}" ]; then echo 'pg_dump: error: connection to server failed: FATAL:  the database system is shutting down' >&2; exit 1; fi\nexec ${realPgDump} "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    writeFileSync(breaker, '');
    health = await startAppProcess('health', { ...world.env, BACKUP_DIR: dir, BACKUP_KEEP: '2', PG_DUMP_PATH: wrapper });
  });

  afterAll(async () => {
    await health?.stop();
    rmSync(tmp, { recursive: true, force: true });
    await world.dispose();
  });

  const tick = (at: string) =>
    world.publish(world.envelope('clock.tick.database-backup', tickId('database-backup', at), { schedule: 'database-backup', scheduledAt: at, firedAt: at, trigger: 'schedule' }));
  const alerts = async () => (await world.stream('HEALTH')).filter((m) => m.subject.startsWith('health.alert.')).map((m) => [m.subject, m.body.data.code, m.body.data.resource]);

  it('a failed backup is a health alert (raised once); the next success resolves it and rotates', async () => {
    await tick('2026-12-01T02:00:00Z');
    const issues = () => world.pool.query(`SELECT code, resource, check_name, severity, message, resolved_at FROM health_issues`).then((r) => r.rows);
    const [issue] = await eventually(issues, (rows) => rows.length === 1, 30_000, 'backup.failed raised');
    expect(issue).toMatchObject({ code: 'backup.failed', resource: `backup:${dir}`, check_name: 'database-backup', severity: 'critical', resolved_at: null });
    expect(issue.message).toBe('pg_dump exited with 1: pg_dump: error: connection to server failed: FATAL:  the database system is shutting down');
    expect(await eventually(alerts, (a) => a.length === 1, 20_000, 'alert on HEALTH')).toEqual([['health.alert.raised', 'backup.failed', `backup:${dir}`]]);
    expect(readdirSync(dir)).toEqual([]);

    await tick('2026-12-02T02:00:00Z');
    await eventually(() => metric(health.base, 'lifecycle_backups_total', { outcome: 'failed' }), (n) => n === 2, 20_000, 'second failure');
    expect(await alerts()).toHaveLength(1);

    unlinkSync(breaker);
    for (const day of ['03', '04', '05']) {
      await tick(`2026-12-${day}T02:00:00Z`);
      await eventually(() => metric(health.base, 'lifecycle_backups_total', { outcome: 'succeeded' }), (n) => n === Number(day) - 2, 30_000, `backup of the ${day}th`);
    }
    expect(await eventually(alerts, (a) => a.length === 2, 20_000, 'resolved on HEALTH')).toEqual([
      ['health.alert.raised', 'backup.failed', `backup:${dir}`],
      ['health.alert.resolved', 'backup.failed', `backup:${dir}`],
    ]);
    expect((await issues())[0].resolved_at).toEqual(new Date('2026-12-03T02:00:00Z'));
    expect(readdirSync(dir).filter((n) => n.endsWith('.dump'))).toHaveLength(2);
    expect(existsSync(breaker)).toBe(false);
    const last = await metric(health.base, 'lifecycle_backup_last_success_timestamp_seconds');
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(120);
    expect(await metric(health.base, 'lifecycle_backup_last_size_bytes')).toBeGreaterThan(1000);
    expect(health.output()).toContain('database-backup@2026-12-05T02:00:00Z: wrote');
  });
});
