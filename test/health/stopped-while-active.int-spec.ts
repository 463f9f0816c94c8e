import { SystemdDriver } from '@lifecycle/workspace-guard';
import { FakeSystemd } from '../workspace-guard/fake-systemd';
import { HealthWorld, MINUTE } from './health-world';

const NOW = '2026-12-01T10:00:00Z';

/** Issue 19.3: workspaces this product stopped and never restored while the subscription is trial or active again. */
describe('workspace.stopped_while_active over a real database', () => {
  let world: HealthWorld;
  let systemd: FakeSystemd;

  beforeEach(async () => {
    world = await HealthWorld.create();
    systemd = new FakeSystemd();
  });

  afterEach(async () => {
    systemd.dispose();
    await world.dispose();
  });

  /** What workspace-guard records when it suspends a workspace (workspace_suspensions), and the stop it made. */
  async function suspendedByGuard(workspace: { id: number; companyId: number }, wasRunning: boolean): Promise<void> {
    await world.pool.query(`UPDATE workspaces SET status = 'suspended', is_running = false WHERE id = $1`, [workspace.id]);
    await world.pool.query(
      `INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id)
       VALUES ($1, $2, $3, '2026-11-30T10:00:00Z', 'trial.expired:test')`,
      [workspace.id, workspace.companyId, wasRunning],
    );
  }
  const since = async (subscriptionId: number, at: string | Date) =>
    world.pool.query(`UPDATE subscriptions SET updated_at = $1 WHERE id = $2`, [new Date(at), subscriptionId]);
  const column = async (workspaceId: number, name: 'linux_username' | 'name') =>
    (await world.pool.query(`SELECT ${name} AS value FROM workspaces WHERE id = $1`, [workspaceId])).rows[0].value as string;
  const linuxUser = (workspaceId: number) => column(workspaceId, 'linux_username');

  async function scenario() {
    const f = world.factories;
    // active again for an hour; the guard stopped two running workspaces and one the platform had already stopped
    const reactivated = await f.newCompany({ status: 'active', periodEndsAt: '2026-12-20T00:00:00Z', workspaces: 3 });
    const [a, b, idle] = reactivated.workspaces;
    await suspendedByGuard(a, true);
    await suspendedByGuard(b, true);
    await suspendedByGuard(idle, false);
    await since(reactivated.subscription!.id, '2026-12-01T09:00:00Z');
    // stopped by the platform's auto-stop or the customer: no record of the guard
    const idleCustomer = await f.newCompany({ status: 'trial', trialEndsAt: '2026-12-10T00:00:00Z', workspacesRunning: false });
    await since(idleCustomer.subscription!.id, '2026-12-01T08:00:00Z');
    // still suspended: stopped, as it should be
    const stillSuspended = await f.newCompany({ status: 'suspended', workspacesRunning: false });
    await suspendedByGuard(stillSuspended.workspaces[0], true);
    // reactivated five minutes ago: workspace-guard is still within WORKSPACE_STOP_GRACE
    const justPaid = await f.newCompany({ status: 'active', periodEndsAt: '2026-12-20T00:00:00Z' });
    await suspendedByGuard(justPaid.workspaces[0], true);
    await since(justPaid.subscription!.id, new Date(Date.parse(NOW) - 5 * MINUTE));
    return { reactivated, a, b, justPaid };
  }

  it('reports one issue per company naming the workspaces the guard stopped, not those the platform or customer stopped', async () => {
    const { reactivated, justPaid } = await scenario();
    const result = await world.health().runCheck.evaluate('workspace-health', new Date(NOW));
    const issues = result.issues.filter((i) => i.code === 'workspace.stopped_while_active');

    expect(issues.map((i) => i.resource)).toEqual([`company:${reactivated.company.id}`]);
    expect(issues[0].message).toMatch(/^2 workspace\(s\) of .* stopped by this product are still stopped although its subscription \d+ is active \(since 2026-12-01T09:00:00Z, 1h ago\): "[^"]+", "[^"]+"$/);
    expect(issues[0].message).not.toContain(`"${await column(reactivated.workspaces[2].id, 'name')}"`);
    expect(result.counts['workspace.stopped_while_active']).toBe(1);

    // once the grace has passed for the company that paid five minutes ago, it is reported too
    const later = await world.health().runCheck.evaluate('workspace-health', new Date(Date.parse(NOW) + 15 * MINUTE));
    expect(later.issues.filter((i) => i.code === 'workspace.stopped_while_active').map((i) => i.resource).sort()).toEqual(
      [`company:${reactivated.company.id}`, `company:${justPaid.company.id}`].sort(),
    );
  });

  it('with the systemd driver, the unit\'s real state counts, whatever is_running says', async () => {
    const { reactivated, a, b } = await scenario();
    const driver = new SystemdDriver({ unitTemplate: 'code-server@{linux_username}.service', commandPrefix: [], timeoutMs: 5_000, env: systemd.processEnv() });
    // started by hand after a failed restore: running, though the database still says stopped
    systemd.setUnit(`code-server@${await linuxUser(a.id)}.service`, 'active');
    systemd.setUnit(`code-server@${await linuxUser(b.id)}.service`, 'inactive');
    // the database believes it runs (an interrupted suspension left it `active`), but its unit is stopped
    await world.pool.query(`UPDATE workspaces SET is_running = true, status = 'active' WHERE id = $1`, [b.id]);

    const result = await world.health({}, undefined, { runtime: driver }).runCheck.evaluate('workspace-health', new Date(NOW));
    const issues = result.issues.filter((i) => i.code === 'workspace.stopped_while_active');
    expect(issues.map((i) => i.resource)).toEqual([`company:${reactivated.company.id}`]);
    expect(issues[0].message).toMatch(new RegExp(`^1 workspace\\(s\\) of .*: "${await column(b.id, 'name')}"$`));
    expect(systemd.calls('is-active').length).toBeGreaterThanOrEqual(2);

    // a unit whose state cannot be read is not reported, only counted
    systemd.failNext('is-active', `code-server@${await linuxUser(b.id)}.service`, 'always');
    const unreadable = await world.health({}, undefined, { runtime: driver }).runCheck.evaluate('workspace-health', new Date(NOW));
    expect(unreadable.issues.filter((i) => i.code === 'workspace.stopped_while_active')).toEqual([]);
    expect(unreadable.counts.workspaceStateUnknown).toBeGreaterThanOrEqual(1);
  });
});
