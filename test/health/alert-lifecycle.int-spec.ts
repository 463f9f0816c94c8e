import type { Envelope } from '@lifecycle/contracts';
import { eventually, HealthWorld, MINUTE, plus } from './health-world';

const T0 = '2026-12-01T10:00:00Z';
const at = (minutes: number) => plus(T0, minutes * MINUTE).toISOString();

describe('issue lifecycle: one alert when an issue appears, one when it clears', () => {
  let world: HealthWorld;

  beforeEach(async () => {
    world = await HealthWorld.create();
  });

  afterEach(async () => {
    await world.dispose();
  });

  const alerts = (envelopes: Envelope[]) => envelopes.filter((e) => e.type !== 'health.report');

  it('three runs that see an issue raise it once; the fix resolves it once; the events reach the HEALTH stream', async () => {
    const suspended = await world.factories.newCompany({ status: 'suspended' });
    const workspace = suspended.workspaces[0];
    const health = world.health();
    const before = await world.platformChecksum();

    for (const minutes of [0, 15, 30]) await world.run(health, 'workspace-health', at(minutes));
    expect(await world.platformChecksum()).toBe(before);
    expect(await world.openIssues()).toEqual([
      expect.objectContaining({
        code: 'workspace.running_while_inactive',
        resource: `workspace:${workspace.id}`,
        check_name: 'workspace-health',
        first_seen_at: new Date(at(0)),
        last_seen_at: new Date(at(30)),
      }),
    ]);

    await world.startRelay();
    const afterThree = await eventually(() => world.healthStream(), (events) => events.length === 4);
    expect(afterThree.map((e) => e.type)).toEqual(['health.alert.raised', 'health.report', 'health.report', 'health.report']);
    expect(alerts(afterThree)).toEqual([
      expect.objectContaining({
        id: `health.alert.raised:workspace.running_while_inactive:workspace:${workspace.id}:2026-12-01T10:00:00Z`,
        source: 'health',
        correlationId: `workspace-health@2026-12-01T10:00:00Z`,
        data: expect.objectContaining({ check: 'workspace-health', severity: 'critical', firstSeenAt: '2026-12-01T10:00:00Z' }),
      }),
    ]);

    await world.pool.query(`UPDATE workspaces SET is_running = false WHERE id = $1`, [workspace.id]);
    const summary = await world.run(health, 'workspace-health', at(45));
    expect(summary).toMatchObject({ issues: 0, raised: 0, resolved: 1, stale: false });

    const events = await eventually(() => world.healthStream(), (e) => e.length === 6);
    expect(alerts(events).map((e) => [e.type, e.data])).toEqual([
      ['health.alert.raised', expect.objectContaining({ resource: `workspace:${workspace.id}` })],
      [
        'health.alert.resolved',
        expect.objectContaining({ resource: `workspace:${workspace.id}`, firstSeenAt: '2026-12-01T10:00:00Z', resolvedAt: '2026-12-01T10:45:00Z' }),
      ],
    ]);
    const report = events[events.length - 1];
    expect(report).toMatchObject({ id: 'health.report:workspace-health@2026-12-01T10:45:00Z', data: { issues: [], counts: { issues: 0 } } });
    expect(await world.openIssues()).toEqual([]);
  });

  it('a rerun of the same tick changes nothing, an older tick leaves issues alone, a reappearance is a new alert', async () => {
    const suspended = await world.factories.newCompany({ status: 'suspended' });
    const workspace = suspended.workspaces[0];
    const health = world.health();
    await world.run(health, 'workspace-health', at(0));
    await world.pool.query(`UPDATE workspaces SET is_running = false WHERE id = $1`, [workspace.id]);
    await world.run(health, 'workspace-health', at(15));
    const issues = await world.allIssues();
    const outbox = await world.outboxSubjects();
    expect(outbox).toEqual(['health.alert.raised', 'health.report', 'health.alert.resolved', 'health.report']);

    expect(await world.run(health, 'workspace-health', at(15))).toMatchObject({ raised: 0, resolved: 0, stale: false });
    await world.pool.query(`UPDATE workspaces SET is_running = true WHERE id = $1`, [workspace.id]);
    // A replayed older slot sees the workspace running again, but must not reopen what a later run resolved.
    expect(await world.run(health, 'workspace-health', at(0))).toMatchObject({ issues: 1, raised: 0, resolved: 0, stale: true });
    expect(await world.allIssues()).toEqual(issues);
    expect(await world.outboxSubjects()).toEqual(outbox);
    expect(world.logger.lines.some((l) => l.startsWith('WARN workspace-health workspace-health@2026-12-01T10:00:00Z: older than'))).toBe(true);

    expect(await world.run(health, 'workspace-health', at(30))).toMatchObject({ raised: 1 });
    expect((await world.allIssues()).map((i) => [i.first_seen_at, i.resolved_at])).toEqual([
      [new Date(at(0)), new Date(at(15))],
      [new Date(at(30)), null],
    ]);
  });

  it('a scheduled tick older than the latest run, or with a later one queued, is acknowledged without a run', async () => {
    await world.factories.newCompany({ status: 'suspended' });
    const health = world.health();
    const tick = (minute: number, newerQueued = false) => ({ now: new Date(at(minute)), tickId: `workspace-health@${minute}`, newerQueued });
    expect(await health.ticks.execute('workspace-health', tick(15))).toMatchObject({ status: 'ran', summary: { raised: 1 } });
    const outbox = await world.outboxSubjects();

    expect(await health.ticks.execute('workspace-health', tick(0))).toEqual({ status: 'stale', latest: new Date(at(15)) });
    expect(await health.ticks.execute('workspace-health', tick(30, true))).toEqual({ status: 'superseded' });
    expect(await world.outboxSubjects()).toEqual(outbox); // no report: neither ran

    // The same tick again (a redelivery) runs, and changes nothing.
    expect(await health.ticks.execute('workspace-health', tick(15))).toMatchObject({ status: 'ran', summary: { raised: 0, resolved: 0 } });
    expect(await health.ticks.execute('workspace-health', tick(30))).toMatchObject({ status: 'ran' });
    expect(await world.outboxSubjects()).toEqual([...outbox, 'health.report']);
  });

  it('two health replicas running the same tick at once write one alert', async () => {
    await world.factories.newCompany({ status: 'suspended' });
    await world.factories.newCompany({ status: 'active', workspaces: 0, periodEndsAt: '2026-12-20T00:00:00Z' });
    const replicas = [world.health(), world.health({}, await world.otherDataSource())];
    const summaries = await Promise.all(replicas.map((h) => world.run(h, 'workspace-health', at(0))));
    expect(summaries.map((s) => s.raised).sort()).toEqual([0, 2]);
    expect((await world.outboxSubjects()).sort()).toEqual(['health.alert.raised', 'health.alert.raised', 'health.report']);
  });

  it('a check resolves only the issues of its own codes', async () => {
    await world.factories.newCompany({ status: 'suspended' });
    const health = world.health();
    await world.run(health, 'workspace-health', at(0));
    expect(await world.run(health, 'email-health', at(0))).toMatchObject({ issues: 0, resolved: 0 });
    expect(await world.run(health, 'billing-health', at(0))).toMatchObject({ issues: 0, resolved: 0 });
    expect((await world.openIssues()).map((i) => i.code)).toEqual(['workspace.running_while_inactive']);
  });
});
