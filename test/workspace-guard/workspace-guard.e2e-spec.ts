import { Pool } from 'pg';
import { createTestDatabase, Factories, freePort, testInfra, testNamespace, type TestDatabase, type WorkspaceRow } from '@lifecycle/testing';
import type { WorkspaceDriverName } from '@lifecycle/contracts';
import type { GuardSubject } from '@lifecycle/workspace-guard';
import { spawnApp, type RunningApp } from '../app-processes';
import { eventually, lifecycleEvent, workspaceStates } from './guard-fixtures';
import { NatsProbe } from './nats-probe';
import { createRuntime, type Runtime } from './runtimes';

const T0 = '2026-12-08T09:00:00Z';
const T1 = '2026-12-08T11:00:00Z';
const EXPIRED_CONSUMER = 'workspace-guard--trial_expired';
const REACTIVATED_CONSUMER = 'workspace-guard--subscription_reactivated';
const MAX_ATTEMPTS = 5;

interface Company {
  id: number;
  subscriptionId: number;
  workspaces: WorkspaceRow[];
}

interface World {
  db: TestDatabase;
  pool: Pool;
  factories: Factories;
  runtime: Runtime;
  probe: NatsProbe;
  app: RunningApp;
  port: number;
}

/** The workspace-guard app as its own process, on the run's PostgreSQL and NATS, with the given driver. */
async function boot(kind: WorkspaceDriverName): Promise<World> {
  const db = await createTestDatabase();
  const pool = new Pool({ connectionString: db.url, max: 3 });
  const runtime = await createRuntime(kind, pool);
  const namespace = testNamespace();
  const port = await freePort();
  const app = spawnApp('workspace-guard', {
    DATABASE_URL: db.url,
    NATS_URL: testInfra().natsUrl,
    LIFECYCLE_NAMESPACE: namespace,
    HTTP_PORT: String(port),
    DRIVER_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    DRIVER_RETRY_BACKOFF: '200ms,400ms',
    DRIVER_TIMEOUT: '10s',
    ...runtime.env(),
  });
  // The transport provisions streams and consumers before HTTP listens.
  await Promise.race([
    eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 30_000, 'the app to be ready'),
    app.exited.then((code) => Promise.reject(new Error(`workspace-guard exited with ${code}:\n${app.output()}`))),
  ]);
  return { db, pool, factories: new Factories(pool), runtime, probe: await NatsProbe.connect(testInfra().natsUrl, namespace), app, port };
}

async function shutdown(world: World | undefined): Promise<void> {
  if (!world) return;
  if (world.app.child.exitCode === null) world.app.child.kill('SIGTERM');
  const code = await world.app.exited;
  await world.probe.close();
  await world.runtime.dispose();
  await world.pool.end();
  await world.db.drop();
  expect(code).toBe(0);
}

async function company(world: World, specs: { running: boolean; status?: string }[]): Promise<Company> {
  const row = await world.factories.company();
  const owner = await world.factories.user(row.id, { role: 'admin' });
  const subscription = await world.factories.subscription(row.id, { status: 'expired' });
  const workspaces: WorkspaceRow[] = [];
  for (const spec of specs) {
    const ws = await world.factories.workspace(row.id, owner.id, { isRunning: spec.running, status: spec.status ?? 'active' });
    world.runtime.register(ws, spec.running);
    workspaces.push(ws);
  }
  return { id: row.id, subscriptionId: subscription.id, workspaces };
}

const event = (type: GuardSubject, c: Company, at: string) => lifecycleEvent(type, c, at);

describe('workspace-guard as a real process with the systemd driver (fake systemctl on PATH)', () => {
  let world: World;

  beforeAll(async () => {
    world = await boot('systemd');
  });
  afterAll(() => shutdown(world));

  const states = (c: Company) => workspaceStates(world.pool, c.id);
  const up = (c: Company) => Promise.all(c.workspaces.map((ws) => world.runtime.isUp(ws)));
  const eventTypes = async (c: Company) => (await world.probe.workspaceEvents(c.id)).map((e) => `${e.type} ws-${(e.data as { workspaceId: number }).workspaceId}`);
  const drained = async () => (await world.probe.drained('LIFECYCLE', EXPIRED_CONSUMER)) && world.probe.drained('LIFECYCLE', REACTIVATED_CONSUMER);

  it('suspends on trial.expired, once even when delivered twice, and restores exactly what ran on subscription.reactivated', async () => {
    const c = await company(world, [{ running: true }, { running: false }, { running: false, status: 'pending' }]);
    const [a, b, pending] = c.workspaces;
    const expired = event('trial.expired', c, T0);

    await world.probe.publish(expired);
    await world.probe.publishAgain(expired, `${expired.id}#again`);

    await eventually(async () => (await eventTypes(c)).length === 2 && drained(), 30_000, 'both deliveries handled and two workspace.stopped');
    expect((await states(c)).map((w) => [w.id, w.status, w.is_running])).toEqual([
      [a.id, 'suspended', false],
      [b.id, 'suspended', false],
      [pending.id, 'pending', false],
    ]);
    expect(await up(c)).toEqual([false, false, false]);
    expect(world.runtime.calls('stop', a)).toBe(1);
    expect(world.runtime.calls('stop', b)).toBe(0);
    const stored = (await world.probe.messages('LIFECYCLE')).filter((m) => (m.json as { id: string }).id === expired.id);
    expect(stored.map((m) => m.msgId)).toEqual([expired.id, `${expired.id}#again`]);
    expect(world.app.output()).toContain(`trial.expired ${expired.id}: already handled, nothing to do`);

    await world.probe.publish(event('subscription.reactivated', c, T1));

    await eventually(async () => (await eventTypes(c)).length === 4 && drained(), 30_000, 'two workspace.started');
    expect(await eventTypes(c)).toEqual([`workspace.stopped ws-${a.id}`, `workspace.stopped ws-${b.id}`, `workspace.started ws-${a.id}`, `workspace.started ws-${b.id}`]);
    expect((await states(c)).map((w) => [w.id, w.status, w.is_running])).toEqual([
      [a.id, 'active', true],
      [b.id, 'active', false],
      [pending.id, 'pending', false],
    ]);
    expect(await up(c)).toEqual([true, false, false]);
    expect(world.runtime.calls('start', b)).toBe(0);
  });

  it('ends running when the reactivation is delivered before the expiry it answers', async () => {
    const c = await company(world, [{ running: true }]);

    await world.probe.publish(event('subscription.reactivated', c, T1));
    await eventually(() => drained(), 30_000, 'the reactivation handled');
    await world.probe.publish(event('trial.expired', c, T0));
    await eventually(() => drained(), 30_000, 'the expiry handled');

    expect((await states(c)).map((w) => [w.status, w.is_running])).toEqual([['active', true]]);
    expect(await up(c)).toEqual([true]);
    expect(world.runtime.calls('stop', c.workspaces[0])).toBe(0);
    expect(await eventTypes(c)).toEqual([]);
    expect(world.app.output()).toContain(`trial.expired:sub-${c.subscriptionId}:${T0} (2026-12-08T09:00:00.000Z) ignored`);
  });

  it('ends running when the expiry and the reactivation follow each other quickly', async () => {
    const companies = [await company(world, [{ running: true }, { running: true }]), await company(world, [{ running: true }])];

    await Promise.all(companies.flatMap((c) => [world.probe.publish(event('trial.expired', c, T0)), world.probe.publish(event('subscription.reactivated', c, T1))]));
    await eventually(() => drained(), 30_000, 'both events handled');

    for (const c of companies) {
      expect((await states(c)).map((w) => [w.status, w.is_running])).toEqual(c.workspaces.map(() => ['active', true]));
      expect(await up(c)).toEqual(c.workspaces.map(() => true));
    }
  });

  it('retries a driver that fails three times, then stops the workspace once and announces it once', async () => {
    const c = await company(world, [{ running: true }]);
    const [ws] = c.workspaces;
    world.runtime.failStop(ws, 3);

    await world.probe.publish(event('trial.expired', c, T0));

    await eventually(async () => (await states(c))[0].status === 'suspended' && drained(), 30_000, 'the workspace suspended');
    // the relay publishes right after the commit, not with it: wait for the event, then check there is one
    await eventually(async () => (await eventTypes(c)).length > 0, 30_000, 'workspace.stopped');
    expect(world.runtime.calls('stop', ws)).toBe(4);
    expect(await up(c)).toEqual([false]);
    expect(await eventTypes(c)).toEqual([`workspace.stopped ws-${ws.id}`]);
    const letters = await world.probe.deadLetters(EXPIRED_CONSUMER);
    expect(letters.filter((l) => l.payload.includes(`sub-${c.subscriptionId}:`))).toEqual([]);
  });

  it('announces workspace.action_failed and dead-letters the event when the driver always fails', async () => {
    const c = await company(world, [{ running: true }]);
    const [ws] = c.workspaces;
    world.runtime.failStop(ws, 'always');
    const expired = event('trial.expired', c, T0);

    await world.probe.publish(expired);

    const [letter] = await eventually(async () => {
      const letters = (await world.probe.deadLetters(EXPIRED_CONSUMER)).filter((l) => l.payload.includes(expired.id));
      return letters.length > 0 && letters;
    }, 30_000, 'the dead letter');
    expect(letter).toMatchObject({ originalSubject: 'trial.expired', reason: 'max-deliveries', deliveryCount: MAX_ATTEMPTS });
    expect(letter.error).toContain(`stop workspace ${ws.id}: systemctl stop code-server@${ws.linuxUsername}.service failed (exit 1)`);
    expect(JSON.parse(letter.payload)).toEqual(expired);

    // an empty list is truthy: wait until the event is there (the relay publishes it up to a poll later)
    const failed = await eventually(async () => {
      const events = (await world.probe.workspaceEvents(c.id)).filter((e) => e.type === 'workspace.action_failed');
      return events.length > 0 && events;
    }, 30_000, 'workspace.action_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      id: `workspace.action_failed:ws-${ws.id}:${expired.id}`,
      source: 'workspace-guard',
      correlationId: expired.id,
      data: { workspaceId: ws.id, companyId: c.id, action: 'stop', driver: 'systemd', reason: 'trial.expired' },
    });
    expect(world.runtime.calls('stop', ws)).toBe(MAX_ATTEMPTS);
    expect((await states(c)).map((w) => [w.status, w.is_running])).toEqual([['active', true]]);
    expect(await up(c)).toEqual([true]);
  });

  it('counts events by outcome and driver calls by result on /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${world.port}/metrics`)).text();
    for (const outcome of ['applied', 'stale', 'duplicate', 'failed']) {
      expect(metrics).toMatch(new RegExp(`^workspace_guard_events_total\\{(?=[^}]*subject="trial.expired")(?=[^}]*outcome="${outcome}")[^}]*\\} [1-9]`, 'm'));
    }
    // Four failed deliveries of one event and five of another.
    expect(metrics).toMatch(/^workspace_guard_driver_call_seconds_count\{(?=[^}]*driver="systemd")(?=[^}]*call="stop")(?=[^}]*outcome="error")[^}]*\} 8$/m);
  });

  it('never logs a workspace password', () => {
    expect(world.app.output()).toContain('workspace-guard started');
    expect(world.app.output()).not.toContain('not-a-real-password');
  });
});

describe('workspace-guard as a real process with the docker driver (fake Engine API on a unix socket)', () => {
  let world: World;

  beforeAll(async () => {
    world = await boot('docker');
  });
  afterAll(() => shutdown(world));

  it('stops the containers of an expired trial and starts them again on reactivation', async () => {
    const c = await company(world, [{ running: true }, { running: false }]);

    await world.probe.publish(event('subscription.suspended', c, T0));
    await eventually(async () => (await world.probe.workspaceEvents(c.id)).length === 2, 30_000, 'two workspace.stopped');
    expect(await Promise.all(c.workspaces.map((ws) => world.runtime.isUp(ws)))).toEqual([false, false]);

    await world.probe.publish(event('subscription.reactivated', c, T1));
    await eventually(async () => (await world.probe.workspaceEvents(c.id)).length === 4, 30_000, 'two workspace.started');
    expect(await Promise.all(c.workspaces.map((ws) => world.runtime.isUp(ws)))).toEqual([true, false]);
    expect((await workspaceStates(world.pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([['active', true], ['active', false]]);
    expect(world.runtime.calls('start', c.workspaces[1])).toBe(0);
  });
});
