import { HealthWorld, MINUTE } from './health-world';

const NOW = '2026-12-01T10:00:00Z';

describe('workspace-health over a real database', () => {
  let world: HealthWorld;

  beforeEach(async () => {
    world = await HealthWorld.create();
  });

  afterEach(async () => {
    await world.dispose();
  });

  /** Companies in a state the checks accept: running while entitled, stopped while not. */
  async function healthyCompanies(): Promise<void> {
    const f = world.factories;
    await f.newCompany({ status: 'trial', trialEndsAt: '2026-12-10T00:00:00Z' });
    await f.newCompany({ status: 'active', periodEndsAt: '2026-12-20T00:00:00Z', workspaces: 2 });
    await f.newCompany({ status: 'past_due', periodEndsAt: '2026-11-30T00:00:00Z' });
    await f.newCompany({ status: 'suspended', workspacesRunning: false });
    await f.newCompany({ status: 'expired', workspacesRunning: false });
    await f.newCompany({ status: 'cancelled', workspaces: 0 });
    await f.newCompany({ status: null, workspacesRunning: false });
    // A failed stop that a later stop of the same workspace resolved.
    const recovered = await f.newCompany({ status: 'expired', workspacesRunning: false });
    const ws = recovered.workspaces[0];
    await world.outboxEvent(world.workspaceEvent('workspace.action_failed', ws, '2026-12-01T08:00:00Z'));
    await world.outboxEvent(world.workspaceEvent('workspace.stopped', ws, '2026-12-01T08:05:00Z'));
  }

  it('finds nothing in a consistent state', async () => {
    await healthyCompanies();
    expect(await world.found(world.health(), 'workspace-health', NOW)).toEqual([]);
  });

  it('finds each problem: missing, running while inactive, orphan, failed action', async () => {
    await healthyCompanies();
    const f = world.factories;
    const noWorkspace = await f.newCompany({ status: 'active', periodEndsAt: '2026-12-20T00:00:00Z', workspaces: 0 });
    const suspended = await f.newCompany({ status: 'suspended' });
    const justExpired = await f.newCompany({ status: 'expired' });
    await world.pool.query(`UPDATE subscriptions SET updated_at = $1 WHERE id = $2`, [new Date(Date.parse(NOW) - 5 * MINUTE), justExpired.subscription!.id]);
    const orphan = await f.newCompany({ status: null });
    const failed = await f.newCompany({ status: 'expired', workspacesRunning: false });
    await world.outboxEvent(world.workspaceEvent('workspace.action_failed', failed.workspaces[0], '2026-12-01T09:00:00Z'));

    expect(await world.found(world.health(), 'workspace-health', NOW)).toEqual(
      [
        `workspace.action_failed workspace:${failed.workspaces[0].id}`,
        `workspace.missing subscription:${noWorkspace.subscription!.id}`,
        `workspace.orphan_running workspace:${orphan.workspaces[0].id}`,
        `workspace.running_while_inactive workspace:${suspended.workspaces[0].id}`,
      ].sort(),
    );

    // Past the stop grace, the just-expired company's workspace counts too.
    expect(await world.found(world.health(), 'workspace-health', '2026-12-01T10:15:00Z')).toContain(
      `workspace.running_while_inactive workspace:${justExpired.workspaces[0].id}`,
    );
  });

  it('keeps a failed action open until a later stop or start of that workspace', async () => {
    const company = await world.factories.newCompany({ status: 'active', periodEndsAt: '2026-12-20T00:00:00Z' });
    const ws = company.workspaces[0];
    await world.outboxEvent(world.workspaceEvent('workspace.started', ws, '2026-12-01T07:00:00Z', 1));
    await world.outboxEvent(world.workspaceEvent('workspace.action_failed', ws, '2026-12-01T08:00:00Z', 2));
    expect(await world.found(world.health(), 'workspace-health', NOW)).toEqual([`workspace.action_failed workspace:${ws.id}`]);

    await world.outboxEvent(world.workspaceEvent('workspace.started', ws, '2026-12-01T09:00:00Z', 3));
    expect(await world.found(world.health(), 'workspace-health', NOW)).toEqual([]);
  });

  it('lists at most HEALTH_ISSUE_LIMIT issues per code and counts them all', async () => {
    for (let i = 0; i < 3; i++) await world.factories.newCompany({ status: 'trial', workspaces: 0 });
    const result = await world.health({ issueLimit: 2 }).runCheck.evaluate('workspace-health', new Date(NOW));
    expect(result.issues.filter((i) => i.code === 'workspace.missing')).toHaveLength(2);
    expect(result.counts['workspace.missing']).toBe(3);
  });

  it('stops counting at the count cap: a count above it reads "more than countCap"', async () => {
    for (let i = 0; i < 6; i++) await world.factories.newCompany({ status: 'trial', workspaces: 0 });
    const health = world.health({ issueLimit: 2, countCap: 4 });
    const capped = await health.runCheck.evaluate('workspace-health', new Date(NOW));
    expect(capped.issues.filter((i) => i.code === 'workspace.missing')).toHaveLength(2);
    expect(capped.counts).toMatchObject({ 'workspace.missing': 5, countCap: 4 });

    // Under the cap the count is exact, and the rows are the oldest subscriptions, labelled with their company.
    const exact = await world.health({ issueLimit: 2, countCap: 10 }).runCheck.evaluate('workspace-health', new Date(NOW));
    expect(exact.counts).toMatchObject({ 'workspace.missing': 6, countCap: 10 });
    const ids = (await world.pool.query<{ id: number }>(`SELECT id FROM subscriptions ORDER BY id LIMIT 2`)).rows.map((r) => r.id);
    expect(exact.issues.filter((i) => i.code === 'workspace.missing').map((i) => i.resource)).toEqual(ids.map((id) => `subscription:${id}`));
    expect(exact.issues[0].message).toMatch(/^".+" \(company \d+\) has a trial subscription but no workspace$/);
  });
});
