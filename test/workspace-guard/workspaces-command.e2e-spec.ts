import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, Factories, type TestDatabase, type WorkspaceRow } from '@lifecycle/testing';
import { ROOT } from '../app-processes';
import { FakeSystemd } from './fake-systemd';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lifecyclectl(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'cli', 'main.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('lifecyclectl workspaces <company>', () => {
  let db: TestDatabase;
  let pool: Pool;
  let fake: FakeSystemd;
  let company: { id: number; subdomain: string };
  let workspaces: WorkspaceRow[];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    fake = new FakeSystemd();
    const factories = new Factories(pool);
    company = await factories.company({ name: 'Acme Widgets' });
    const owner = await factories.user(company.id, { role: 'admin' });
    workspaces = [
      await factories.workspace(company.id, owner.id, { isRunning: true }),
      await factories.workspace(company.id, owner.id, { isRunning: false, status: 'suspended' }),
      await factories.workspace(company.id, owner.id, { isRunning: true }),
    ];
    await pool.query(`UPDATE workspaces SET last_stopped_at = '2026-12-08 09:00:05' WHERE id = $1`, [workspaces[1].id]);
    await pool.query(
      `INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id)
       VALUES ($1, $2, true, '2026-12-08 09:00:05', 'trial.expired:sub-1:2026-12-08T09:00:00Z')`,
      [workspaces[1].id, company.id],
    );
    await pool.query(
      `INSERT INTO workspace_guard_state (company_id, desired, decided_at, decided_by_event_id) VALUES ($1, 'suspended', '2026-12-08T09:00:00Z', 'trial.expired:sub-1:2026-12-08T09:00:00Z')`,
      [company.id],
    );
    fake.setUnit(`code-server@${workspaces[0].linuxUsername}.service`, 'active');
    fake.setUnit(`code-server@${workspaces[1].linuxUsername}.service`, 'inactive');
    // workspaces[2] is flagged running, but its unit is down.
    fake.setUnit(`code-server@${workspaces[2].linuxUsername}.service`, 'inactive');
  });

  afterAll(async () => {
    fake.dispose();
    await pool.end();
    await db.drop();
  });

  const systemd = () => ({ DATABASE_URL: db.url, WORKSPACE_DRIVER: 'systemd', ...fake.env() });

  it('shows database state and the real unit state, and flags where they differ', async () => {
    const run = await lifecyclectl(['workspaces', company.subdomain], systemd());

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`company ${company.id} Acme Widgets (${company.subdomain}), status active; driver systemd`);
    expect(lines[1]).toBe('workspace-guard: suspended since 2026-12-08T09:00:00Z (trial.expired:sub-1:2026-12-08T09:00:00Z)');
    expect(lines[3]).toMatch(/^ID\s+NAME\s+LINUX USER\s+STATUS\s+RUNNING\s+WAS RUNNING\s+LAST STOPPED\s+LAST STARTED\s+RUNTIME \(unit\)$/);
    const row = (ws: WorkspaceRow) => lines.find((l) => l.startsWith(`${ws.id} `))?.split(/\s{2,}/);
    expect(row(workspaces[0])).toEqual([String(workspaces[0].id), expect.any(String), workspaces[0].linuxUsername, 'active', 'yes', '-', '-', '-', `running (code-server@${workspaces[0].linuxUsername}.service)`]);
    expect(row(workspaces[1])).toEqual([String(workspaces[1].id), expect.any(String), workspaces[1].linuxUsername, 'suspended', 'no', 'yes', '2026-12-08T09:00:05Z', '-', `stopped (code-server@${workspaces[1].linuxUsername}.service)`]);
    expect(row(workspaces[2])?.[8]).toBe(`stopped ! (code-server@${workspaces[2].linuxUsername}.service)`);
    expect(run.stdout).toContain('!: the runtime state differs from is_running');
    expect(fake.calls().every((c) => c.startsWith('is-active '))).toBe(true);
    expect(run.stdout).not.toContain('not-a-real-password');
  });

  it('prints JSON with --json, by company id', async () => {
    const run = await lifecyclectl(['workspaces', String(company.id), '--json'], systemd());

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      company: { id: company.id, subdomain: company.subdomain },
      driver: 'systemd',
      decision: { desired: 'suspended', decidedAt: '2026-12-08T09:00:00.000Z' },
    });
    expect(report.workspaces.map((w: { id: number; runtime: string; wasRunning: boolean | null }) => [w.id, w.runtime, w.wasRunning])).toEqual([
      [workspaces[0].id, 'running', null],
      [workspaces[1].id, 'stopped', true],
      [workspaces[2].id, 'stopped', null],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/password/i);
  });

  it('says when the database driver cannot see units', async () => {
    const run = await lifecyclectl(['workspaces', company.subdomain], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('RUNTIME: the database driver cannot see units or containers');
  });

  it('names the unit state it could not read', async () => {
    const run = await lifecyclectl(['workspaces', company.subdomain], { ...systemd(), PATH: '/nonexistent' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`workspace ${workspaces[0].id}: systemctl is-active code-server@${workspaces[0].linuxUsername}.service could not run: systemctl not found on PATH`);
  });

  it('fails with a clear message for an unknown company', async () => {
    const run = await lifecyclectl(['workspaces', 'no-such-company'], systemd());
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe('lifecyclectl: no company with id or subdomain "no-such-company"\n');
  });

  it('fails with the variable named for a bad driver setting', async () => {
    const run = await lifecyclectl(['workspaces', company.subdomain], { ...systemd(), SYSTEMD_UNIT_TEMPLATE: 'code-server.service' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SYSTEMD_UNIT_TEMPLATE: must contain {linux_username}');
  });
});
