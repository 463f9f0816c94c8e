import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, startWorkspaceGuard, stop, tick, type GuardProcess } from './dunning-processes';
import { DAY, DunningWorld, HOUR, plus } from './dunning-world';

jest.setTimeout(120_000);

const T1 = '2026-12-01T10:00:00Z';

describe('an expired trial the platform converts to active', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let billing: BillingProcess;
  let guard: GuardProcess;

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    billing = await startBillingProcess(world.billing.db.url, js);
    guard = await startWorkspaceGuard(world.billing.db.url, js);
  });

  afterAll(async () => {
    await stop(billing);
    await stop(guard);
    await js.close();
    await world.dispose();
  });

  it('gets its workspaces back after the next trial-expiry sweep, announced once', async () => {
    const c = await world.factories.newCompany({ trialEndsAt: plus(T1, -HOUR), workspaces: 2, workspacesRunning: true });
    const ids = c.workspaces.map((w) => w.id);
    const workspaces = async () => (await world.pool.query(`SELECT id, status, is_running FROM workspaces WHERE id = ANY($1) ORDER BY id`, [ids])).rows;

    await js.publisher.publish(tick('trial-expiry', T1) as never);
    await eventually(workspaces, (rows) => rows.every((w: { is_running: boolean; status: string }) => !w.is_running && w.status === 'suspended'), 60_000);

    // The customer pays in the app: the platform makes the subscription active again.
    await world.pool.query(`UPDATE subscriptions SET status = 'active', current_period_start = $2, current_period_end = $3 WHERE id = $1`, [
      c.subscription!.id,
      plus(T1, HOUR),
      plus(T1, 31 * DAY),
    ]);
    await js.publisher.publish(tick('trial-expiry', plus(T1, 2 * HOUR)) as never);
    await eventually(workspaces, (rows) => rows.every((w: { is_running: boolean; status: string }) => w.is_running && w.status === 'active'), 60_000);

    await js.publisher.publish(tick('trial-expiry', plus(T1, 4 * HOUR)) as never);
    await js.publisher.publish(tick('payment-retry', plus(T1, 8 * HOUR)) as never);
    await eventually(
      async () => billing.output(),
      (out) => out.includes('payment-retry payment-retry@2026-12-01T18:00:00Z') && out.includes('trial-expiry trial-expiry@2026-12-01T14:00:00Z'),
    );
    const lifecycle = await eventually(() => js.messages('LIFECYCLE'), (m) => m.length >= 2);
    expect(lifecycle.map((e) => e.type)).toEqual(['trial.expired', 'subscription.reactivated']);
    expect(lifecycle[1]).toMatchObject({ occurredAt: '2026-12-01T12:00:00.000Z', data: { subscriptionId: c.subscription!.id, reason: 'reactivated_by_platform' } });
    const workspaceEvents = await eventually(() => js.messages('WORKSPACE'), (m) => m.length >= 4);
    expect(workspaceEvents.map((e) => e.type).sort()).toEqual(['workspace.started', 'workspace.started', 'workspace.stopped', 'workspace.stopped']);
  });
});
