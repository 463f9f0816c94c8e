import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@lifecycle/persistence';
import { createTestDatabase, Factories, type TestDatabase, type WorkspaceRow } from '@lifecycle/testing';
import { FakeClock } from '@lifecycle/time';
import {
  ApplyGuardEvent,
  guardEventFrom,
  WorkspaceActionsFailedError,
  WorkspaceGuardRepository,
  type ApplyOutcome,
  type GuardSubject,
  type WorkspaceDriver,
} from '@lifecycle/workspace-guard';
import { WORKSPACE_DRIVERS, type WorkspaceDriverName } from '@lifecycle/contracts';
import { auditRows, lifecycleEvent, outboxEvents, workspaceStates } from './guard-fixtures';
import { createRuntime, type Runtime } from './runtimes';

const T0 = '2026-12-08T09:00:00Z';
const T1 = '2026-12-08T11:00:00Z';
const NOW = new Date('2026-12-08T11:30:00Z');

class RecordingLogger {
  readonly lines: string[] = [];
  log = (m: string) => this.lines.push(`log ${m}`);
  warn = (m: string) => this.lines.push(`warn ${m}`);
  error = (m: string) => this.lines.push(`error ${m}`);
}

interface Company {
  id: number;
  subscriptionId: number;
  workspaces: WorkspaceRow[];
}

describe.each(WORKSPACE_DRIVERS)('ApplyGuardEvent with the %s driver, on PostgreSQL', (kind: WorkspaceDriverName) => {
  let db: TestDatabase;
  let pool: Pool;
  let dataSource: DataSource;
  let factories: Factories;
  let runtime: Runtime;
  let logger: RecordingLogger;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
    dataSource = createDataSource(db.url, { poolSize: 6 });
    await dataSource.initialize();
    factories = new Factories(pool);
    runtime = await createRuntime(kind, pool);
  });

  afterAll(async () => {
    await runtime.dispose();
    await dataSource.destroy();
    await pool.end();
    await db.drop();
  });

  beforeEach(() => {
    logger = new RecordingLogger();
  });

  const guard = (driver: WorkspaceDriver = runtime.driver()) =>
    new ApplyGuardEvent({ store: new WorkspaceGuardRepository(dataSource), driver, clock, logger });

  const deliver = (type: GuardSubject, company: Company, at: string, finalAttempt = false): Promise<ApplyOutcome> =>
    guard().execute(guardEventFrom(lifecycleEvent(type, company, at)), { finalAttempt });

  /** A company whose workspaces are as described; the runtime knows each one. */
  async function company(specs: { running: boolean; status?: string }[]): Promise<Company> {
    const row = await factories.company();
    const owner = await factories.user(row.id, { role: 'admin' });
    const subscription = await factories.subscription(row.id, { status: 'expired' });
    const workspaces: WorkspaceRow[] = [];
    for (const spec of specs) {
      const ws = await factories.workspace(row.id, owner.id, { isRunning: spec.running, status: spec.status ?? 'active' });
      runtime.register(ws, spec.running);
      workspaces.push(ws);
    }
    return { id: row.id, subscriptionId: subscription.id, workspaces };
  }

  const up = (c: Company) => Promise.all(c.workspaces.map((ws) => runtime.isUp(ws)));
  const subjects = async (c: Company) => (await outboxEvents(pool, c.id)).map((e) => `${e.subject} ws-${(e.payload.data as { workspaceId: number }).workspaceId}`);

  it('suspends on trial.expired and restores on subscription.reactivated exactly the workspaces that ran', async () => {
    const c = await company([{ running: true }, { running: false }, { running: true }, { running: false, status: 'pending' }, { running: true, status: 'failed' }]);
    const [a, b, d, pending, failed] = c.workspaces;
    const bystander = await company([{ running: true }]);

    expect(await deliver('trial.expired', c, T0)).toBe('applied');

    expect(await workspaceStates(pool, c.id)).toEqual([
      { id: a.id, status: 'suspended', is_running: false, last_stopped_at: NOW, last_started_at: null },
      { id: b.id, status: 'suspended', is_running: false, last_stopped_at: null, last_started_at: null },
      { id: d.id, status: 'suspended', is_running: false, last_stopped_at: NOW, last_started_at: null },
      { id: pending.id, status: 'pending', is_running: false, last_stopped_at: null, last_started_at: null },
      { id: failed.id, status: 'failed', is_running: true, last_stopped_at: null, last_started_at: null },
    ]);
    expect(await up(c)).toEqual([false, false, false, false, true]);
    expect(await up(bystander)).toEqual([true]);
    const stopped = await outboxEvents(pool, c.id);
    expect(stopped.map((e) => e.event_id)).toEqual(
      [a, b, d].map((ws) => `workspace.stopped:ws-${ws.id}:trial.expired:sub-${c.subscriptionId}:${T0}`),
    );
    expect(stopped[0].payload).toMatchObject({
      type: 'workspace.stopped',
      source: 'workspace-guard',
      correlationId: `trial.expired:sub-${c.subscriptionId}:${T0}`,
      occurredAt: NOW.toISOString(),
      data: { workspaceId: a.id, companyId: c.id, reason: 'trial.expired', driver: kind },
    });
    const audit = await auditRows(pool, c.id);
    expect(audit.map((r) => [r.action_type, r.resource_type, r.resource_id, r.success])).toEqual(
      [a, b, d].map((ws) => ['workspace_suspended', 'workspace', ws.id, true]),
    );
    expect(audit[0].details).toMatchObject({ wasRunning: true, stopped: true, driver: kind, reason: 'trial.expired' });
    expect(audit[1].details).toMatchObject({ wasRunning: false, stopped: false });

    expect(await deliver('subscription.reactivated', c, T1)).toBe('applied');

    expect(await workspaceStates(pool, c.id)).toEqual([
      { id: a.id, status: 'active', is_running: true, last_stopped_at: NOW, last_started_at: NOW },
      { id: b.id, status: 'active', is_running: false, last_stopped_at: null, last_started_at: null },
      { id: d.id, status: 'active', is_running: true, last_stopped_at: NOW, last_started_at: NOW },
      { id: pending.id, status: 'pending', is_running: false, last_stopped_at: null, last_started_at: null },
      { id: failed.id, status: 'failed', is_running: true, last_stopped_at: null, last_started_at: null },
    ]);
    expect(await up(c)).toEqual([true, false, true, false, true]);
    expect(runtime.calls('start', b)).toBe(0);
    expect(await subjects(c)).toEqual([
      ...[a, b, d].map((ws) => `workspace.stopped ws-${ws.id}`),
      ...[a, b, d].map((ws) => `workspace.started ws-${ws.id}`),
    ]);
    expect((await auditRows(pool, c.id)).slice(3).map((r) => [r.action_type, r.resource_id])).toEqual(
      [a, b, d].map((ws) => ['workspace_restored', ws.id]),
    );
    expect((await pool.query(`SELECT count(*)::int AS n FROM workspace_suspensions WHERE company_id = $1`, [c.id])).rows[0].n).toBe(0);
  });

  it('leaves a workspace that was already suspended by someone else as it is, before and after', async () => {
    const c = await company([{ running: false, status: 'suspended' }, { running: true }]);
    await deliver('subscription.suspended', c, T0);
    await deliver('subscription.reactivated', c, T1);
    expect((await workspaceStates(pool, c.id)).map((w) => w.status)).toEqual(['suspended', 'active']);
    expect(await subjects(c)).toEqual([`workspace.stopped ws-${c.workspaces[1].id}`, `workspace.started ws-${c.workspaces[1].id}`]);
  });

  it('handles the same event twice as once: nothing changes, nothing is emitted again', async () => {
    const c = await company([{ running: true }, { running: false }]);
    expect(await deliver('trial.expired', c, T0)).toBe('applied');
    const before = { states: await workspaceStates(pool, c.id), events: await outboxEvents(pool, c.id), audit: await auditRows(pool, c.id) };

    clock.advance(60_000);
    expect(await deliver('trial.expired', c, T0)).toBe('duplicate');
    expect(await deliver('subscription.suspended', c, T0)).toBe('stale');
    clock.set(NOW);

    expect({ states: await workspaceStates(pool, c.id), events: await outboxEvents(pool, c.id), audit: await auditRows(pool, c.id) }).toEqual(before);
    if (kind !== 'database') expect(runtime.calls('stop', c.workspaces[0])).toBe(1);
  });

  const ledger = async (eventId: string): Promise<number> =>
    (await pool.query(`SELECT count(*)::int AS n FROM processed_messages WHERE consumer = 'workspace-guard' AND event_id = $1`, [eventId])).rows[0].n;

  it('suspends all of a company\'s active workspaces at once, one event each in id order, and a redelivery changes nothing', async () => {
    const c = await company([
      { running: true },
      { running: false, status: 'suspended' },
      { running: false },
      { running: true },
      { running: true, status: 'pending' },
      { running: true },
    ]);
    const [a, other, b, d, pending, e] = c.workspaces;
    const expiry = lifecycleEvent('trial.expired', c, T0);

    expect(await deliver('trial.expired', c, T0)).toBe('applied');

    expect((await workspaceStates(pool, c.id)).map((w) => [w.id, w.status, w.is_running, w.last_stopped_at])).toEqual([
      [a.id, 'suspended', false, NOW],
      [other.id, 'suspended', false, null],
      [b.id, 'suspended', false, null],
      [d.id, 'suspended', false, NOW],
      [pending.id, 'pending', true, null],
      [e.id, 'suspended', false, NOW],
    ]);
    expect(await subjects(c)).toEqual([a, b, d, e].map((ws) => `workspace.stopped ws-${ws.id}`));
    expect((await auditRows(pool, c.id)).map((r) => [r.resource_id, r.details.wasRunning, r.details.stopped])).toEqual([
      [a.id, true, true],
      [b.id, false, false],
      [d.id, true, true],
      [e.id, true, true],
    ]);
    const recorded = await pool.query(`SELECT workspace_id, was_running FROM workspace_suspensions WHERE company_id = $1 ORDER BY workspace_id`, [c.id]);
    expect(recorded.rows).toEqual([a, b, d, e].map((ws) => ({ workspace_id: ws.id, was_running: ws !== b })));
    expect(await ledger(expiry.id)).toBe(1);
    const before = { states: await workspaceStates(pool, c.id), events: await outboxEvents(pool, c.id), audit: await auditRows(pool, c.id) };

    clock.advance(60_000);
    try {
      expect(await deliver('trial.expired', c, T0)).toBe('duplicate');
      // Without the ledger entry the state alone makes the repeat harmless.
      await pool.query(`DELETE FROM processed_messages WHERE consumer = 'workspace-guard' AND event_id = $1`, [expiry.id]);
      expect(await deliver('trial.expired', c, T0)).toBe('applied');
    } finally {
      clock.set(NOW);
    }

    expect({ states: await workspaceStates(pool, c.id), events: await outboxEvents(pool, c.id), audit: await auditRows(pool, c.id) }).toEqual(before);
    expect(await ledger(expiry.id)).toBe(1);

    expect(await deliver('subscription.reactivated', c, T1)).toBe('applied');
    expect((await workspaceStates(pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([
      ['active', true],
      ['suspended', false],
      ['active', false],
      ['active', true],
      ['pending', true],
      ['active', true],
    ]);
    expect((await subjects(c)).slice(4)).toEqual([a, b, d, e].map((ws) => `workspace.started ws-${ws.id}`));
  });

  it('ends running when the reactivation arrives before the expiry it answers, and says why it ignored the expiry', async () => {
    const c = await company([{ running: true }, { running: false }]);

    expect(await deliver('subscription.reactivated', c, T1)).toBe('applied');
    expect(await deliver('trial.expired', c, T0)).toBe('stale');

    expect((await workspaceStates(pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([['active', true], ['active', false]]);
    expect(await up(c)).toEqual([true, false]);
    expect(runtime.calls('stop', c.workspaces[0])).toBe(0);
    expect(await outboxEvents(pool, c.id)).toEqual([]);
    expect(logger.lines).toContainEqual(
      `log trial.expired trial.expired:sub-${c.subscriptionId}:${T0} (2026-12-08T09:00:00.000Z) ignored: company ${c.id} already follows ` +
        `subscription.reactivated:sub-${c.subscriptionId}:${T1} (2026-12-08T11:00:00.000Z), which wants its workspaces running`,
    );
  });

  it('ends running when the expiry and the reactivation are handled at the same time, in either order', async () => {
    const cs: Company[] = [];
    for (let i = 0; i < 4; i++) cs.push(await company([{ running: true }, { running: true }]));

    await Promise.all(
      cs.flatMap((c, i) => {
        const expiry = () => deliver('trial.expired', c, T0);
        const reactivation = () => deliver('subscription.reactivated', c, T1);
        return i % 2 === 0 ? [expiry(), reactivation()] : [reactivation(), expiry()];
      }),
    );

    for (const c of cs) {
      expect((await workspaceStates(pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([['active', true], ['active', true]]);
      expect(await up(c)).toEqual([true, true]);
      const events = await subjects(c);
      // Either the expiry was handled first (stopped, then started) or found stale (nothing at all).
      expect([0, 4]).toContain(events.length);
    }
  });

  it('restarts a workspace whose suspension died between the driver and the database', async () => {
    const c = await company([{ running: true }]);
    const [ws] = c.workspaces;
    // What a crash after `stop` and before the status update leaves behind.
    await pool.query(
      `INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id) VALUES ($1, $2, true, $3, 'x')`,
      [ws.id, c.id, NOW],
    );
    runtime.register(ws, false);

    expect(await deliver('subscription.reactivated', c, T1)).toBe('applied');

    expect(await up(c)).toEqual([true]);
    expect((await workspaceStates(pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([['active', true]]);
    expect(await outboxEvents(pool, c.id)).toEqual([]);
  });

  it('drops the suspension of a workspace the platform has since marked failed, without touching it', async () => {
    const c = await company([{ running: true }]);
    await deliver('trial.expired', c, T0);
    await pool.query(`UPDATE workspaces SET status = 'failed' WHERE id = $1`, [c.workspaces[0].id]);

    expect(await deliver('subscription.reactivated', c, T1)).toBe('applied');

    expect((await workspaceStates(pool, c.id)).map((w) => [w.status, w.is_running])).toEqual([['failed', false]]);
    expect(await up(c)).toEqual([false]);
    expect(logger.lines).toContainEqual(`warn workspace ${c.workspaces[0].id} of company ${c.id} left as it is: it is failed now`);
  });

  if (kind === 'database') {
    it('makes no driver call with a flags-only driver', async () => {
      const c = await company([{ running: true }, { running: false }]);
      const calls: string[] = [];
      const inner = runtime.driver();
      const spy: WorkspaceDriver = {
        name: inner.name,
        observesRuntime: inner.observesRuntime,
        flagsOnly: inner.flagsOnly,
        target: (ws) => inner.target(ws),
        stop: async (ws) => void calls.push(`stop ${ws.id}`),
        start: async (ws) => void calls.push(`start ${ws.id}`),
        state: async (ws) => (calls.push(`state ${ws.id}`), inner.state(ws)),
      };
      expect(await guard(spy).execute(guardEventFrom(lifecycleEvent('trial.expired', c, T0)), { finalAttempt: false })).toBe('applied');
      expect(await guard(spy).execute(guardEventFrom(lifecycleEvent('subscription.reactivated', c, T1)), { finalAttempt: false })).toBe('applied');
      expect(calls).toEqual([]);
      expect(await subjects(c)).toEqual([
        ...c.workspaces.map((ws) => `workspace.stopped ws-${ws.id}`),
        ...c.workspaces.map((ws) => `workspace.started ws-${ws.id}`),
      ]);
    });

    it('writes nothing of an event whose transaction fails, and applies all of it on the next delivery', async () => {
      const c = await company([{ running: true }, { running: true }, { running: false }]);
      const failing = c.workspaces[1];
      await pool.query(`
        CREATE OR REPLACE FUNCTION guard_test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.resource_id = ${failing.id} THEN RAISE EXCEPTION 'audit refused for workspace %', NEW.resource_id; END IF;
          RETURN NEW;
        END $$`);
      await pool.query(`CREATE TRIGGER guard_test_refuse_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION guard_test_refuse_audit()`);
      try {
        await expect(deliver('trial.expired', c, T0)).rejects.toThrow(/audit refused/);
      } finally {
        await pool.query(`DROP TRIGGER guard_test_refuse_audit ON audit_logs`);
        await pool.query(`DROP FUNCTION guard_test_refuse_audit()`);
      }

      expect((await workspaceStates(pool, c.id)).map((w) => w.status)).toEqual(['active', 'active', 'active']);
      expect((await pool.query(`SELECT count(*)::int AS n FROM workspace_suspensions WHERE company_id = $1`, [c.id])).rows[0].n).toBe(0);
      expect((await pool.query(`SELECT count(*)::int AS n FROM workspace_guard_state WHERE company_id = $1`, [c.id])).rows[0].n).toBe(0);
      expect(await outboxEvents(pool, c.id)).toEqual([]);
      expect(await ledger(lifecycleEvent('trial.expired', c, T0).id)).toBe(0);

      expect(await deliver('trial.expired', c, T0)).toBe('applied');
      expect((await workspaceStates(pool, c.id)).map((w) => w.status)).toEqual(['suspended', 'suspended', 'suspended']);
      expect(await subjects(c)).toEqual(c.workspaces.map((ws) => `workspace.stopped ws-${ws.id}`));
    });
    return;
  }

  it('retries a driver that fails three times, then stops the workspace once and announces it once', async () => {
    const c = await company([{ running: true }, { running: true }]);
    const [flaky, fine] = c.workspaces;
    runtime.failStop(flaky, 3);

    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const outcome = await deliver('trial.expired', c, T0, attempt === 5).catch((e: unknown) => e);
      outcomes.push(outcome instanceof WorkspaceActionsFailedError ? 'failed' : String(outcome));
      if (outcome === 'applied') break;
    }

    expect(outcomes).toEqual(['failed', 'failed', 'failed', 'applied']);
    expect(runtime.calls('stop', flaky)).toBe(4);
    expect(runtime.calls('stop', fine)).toBe(1);
    expect(await up(c)).toEqual([false, false]);
    expect(await subjects(c)).toEqual([`workspace.stopped ws-${fine.id}`, `workspace.stopped ws-${flaky.id}`]);
    expect((await auditRows(pool, c.id)).map((r) => r.action_type)).toEqual(['workspace_suspended', 'workspace_suspended']);
  });

  it('announces workspace.action_failed on the final attempt of a driver that always fails, once', async () => {
    const c = await company([{ running: true }, { running: true }]);
    const [broken, fine] = c.workspaces;
    runtime.failStop(broken, 'always');

    for (let attempt = 1; attempt <= 3; attempt++) {
      await expect(deliver('trial.expired', c, T0, attempt === 3)).rejects.toThrow(WorkspaceActionsFailedError);
      expect((await outboxEvents(pool, c.id)).filter((e) => e.subject === 'workspace.action_failed')).toHaveLength(attempt === 3 ? 1 : 0);
    }
    // A dead letter replayed by an operator fails again: no second announcement.
    const error = (await deliver('trial.expired', c, T0, true).catch((e: unknown) => e)) as WorkspaceActionsFailedError;
    expect(error.permanent).toBe(false);
    expect(error.message).toContain(`stop workspace ${broken.id}:`);

    const events = await outboxEvents(pool, c.id);
    expect(events.map((e) => e.subject)).toEqual(['workspace.stopped', 'workspace.action_failed']);
    expect(events[1].event_id).toBe(`workspace.action_failed:ws-${broken.id}:trial.expired:sub-${c.subscriptionId}:${T0}`);
    expect(events[1].payload.data).toMatchObject({ workspaceId: broken.id, companyId: c.id, action: 'stop', driver: kind, reason: 'trial.expired' });
    expect((events[1].payload.data as { error: string }).error).toMatch(kind === 'systemd' ? /exit 1/ : /answered 500/);
    expect((await workspaceStates(pool, c.id)).map((w) => [w.id, w.status, w.is_running])).toEqual([
      [broken.id, 'active', true],
      [fine.id, 'suspended', false],
    ]);
    const failures = (await auditRows(pool, c.id)).filter((r) => r.action_type === 'workspace_action_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ resource_id: broken.id, success: false });
    expect(logger.lines.filter((l) => l.startsWith('error gave up: could not stop'))).toHaveLength(1);
  });

  it('dead-letters at once a workspace whose linux_username cannot name a unit or container', async () => {
    const c = await company([{ running: true }]);
    await pool.query(`UPDATE workspaces SET linux_username = 'Bad Name; reboot' WHERE id = $1`, [c.workspaces[0].id]);

    const error = (await deliver('trial.expired', c, T0).catch((e: unknown) => e)) as WorkspaceActionsFailedError;

    expect(error).toBeInstanceOf(WorkspaceActionsFailedError);
    expect(error.permanent).toBe(true);
    const [failed] = await outboxEvents(pool, c.id);
    expect(failed.subject).toBe('workspace.action_failed');
    expect((failed.payload.data as { error: string }).error).not.toContain('reboot');
  });
});
