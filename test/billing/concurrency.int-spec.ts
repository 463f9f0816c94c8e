import { dueMilestone, insertOutboxEvents, TRIAL_REMINDER_SOURCE } from '@lifecycle/billing';
import { createEnvelope, EVENT_SAMPLES, TRIAL_REMINDER_DAYS } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { bulkSeed } from '../../tools/bench/bulk-seed';
import { BillingWorld, DAY, HOUR, tick } from './billing-world';

const NOW = new Date('2026-12-01T09:00:00Z');

describe('two billing processes on one tick', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  it('emit each reminder once between them', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 600, base: new Date(NOW.getTime() + 4 * DAY), spreadMs: 4 * DAY });
    const { rows } = await world.pool.query(`SELECT trial_ends_at, trial_starts_at FROM subscriptions WHERE status = 'trial'`);
    const expected = rows.filter(
      (r: { trial_ends_at: Date; trial_starts_at: Date }) =>
        dueMilestone({ endsAt: r.trial_ends_at, startedAt: r.trial_starts_at, now: NOW, milestones: TRIAL_REMINDER_DAYS }) !== null,
    ).length;
    expect(expected).toBeGreaterThan(400);

    const other = await world.otherDataSource();
    const [a, b] = await Promise.all([
      world.sweeps({ batchSize: 25 }).trialReminders.execute(tick('trial-reminders', NOW)),
      world.sweeps({ batchSize: 25 }, other).trialReminders.execute(tick('trial-reminders', NOW)),
    ]);

    const outbox = await world.outbox();
    expect(outbox).toHaveLength(expected);
    expect(a.emitted + b.emitted).toBe(expected);
    // both read every due row; whichever inserted an event first, the other found it in the ledger
    expect(a.emitted + a.alreadySent).toBe(expected);
    expect(b.emitted + b.alreadySent).toBe(expected);
  });

  it('expire each trial once, with one audit row and one event each', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 800, base: new Date(NOW.getTime() - 10 * DAY), spreadMs: 9 * DAY });
    const other = await world.otherDataSource();
    const [a, b] = await Promise.all([
      world.sweeps({ batchSize: 20 }).trialExpiry.execute(tick('trial-expiry', NOW)),
      world.sweeps({ batchSize: 20 }, other).trialExpiry.execute(tick('trial-expiry', NOW)),
    ]);

    expect(a.expired + b.expired).toBe(800);
    expect(a.expired).toBeGreaterThan(0);
    expect(b.expired).toBeGreaterThan(0);
    const { rows } = await world.pool.query(
      `SELECT (SELECT count(*)::int FROM subscriptions WHERE status = 'expired') AS expired,
              (SELECT count(*)::int FROM audit_logs) AS audit,
              (SELECT count(DISTINCT resource_id)::int FROM audit_logs) AS audited_subscriptions,
              (SELECT count(*)::int FROM outbox_events WHERE subject = 'trial.expired') AS events`,
    );
    expect(rows[0]).toEqual({ expired: 800, audit: 800, audited_subscriptions: 800, events: 800 });
  });

  it('serialize billing’s outbox insert with OutboxWriter on the same aggregate (the relay’s ordering lock)', async () => {
    const envelope = (id: string) =>
      createEnvelope('trial.expiring', { id, source: 'billing', correlationId: 'c', occurredAt: NOW, data: { ...EVENT_SAMPLES['trial.expiring'], subscriptionId: 42 } });
    const other = await world.otherDataSource();
    const order: string[] = [];
    let releaseWriter!: () => void;
    const writerHolds = new Promise<void>((resolve) => (releaseWriter = resolve));
    let writerLocked!: () => void;
    const locked = new Promise<void>((resolve) => (writerLocked = resolve));
    const writer = world.dataSource.transaction(async (manager) => {
      await new OutboxWriter().append(manager, [envelope('first')], () => 'subscription:42');
      writerLocked();
      await writerHolds;
      order.push('writer commits');
    });
    await locked;
    const billing = other.transaction(async (manager) => {
      await insertOutboxEvents(manager, [{ envelope: envelope('second'), subscriptionId: 42 }]);
      order.push('billing inserted');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    order.push('writer released');
    releaseWriter();
    await Promise.all([writer, billing]);
    expect(order).toEqual(['writer released', 'writer commits', 'billing inserted']);
    expect((await world.outbox()).map((r) => r.event_id)).toEqual(['first', 'second']);
  });

  it('drop a reminder whose subscription changed between the page read and the insert', async () => {
    const { subscription } = await world.factories.newCompany({ trialEndsAt: new Date(NOW.getTime() + 3 * DAY) });
    const stale = new Date(NOW.getTime() + 3 * DAY - HOUR);
    const current = new Date(NOW.getTime() + 3 * DAY);
    const envelope = (id: string) => createEnvelope('trial.expiring', {
      id,
      source: 'billing',
      correlationId: 'c',
      occurredAt: NOW,
      data: { ...EVENT_SAMPLES['trial.expiring'], subscriptionId: subscription!.id },
    });
    const guard = `${TRIAL_REMINDER_SOURCE.candidates} AND date_trunc('milliseconds', ${TRIAL_REMINDER_SOURCE.endsAt}) = u.ends_at`;
    const inserted = await world.dataSource.transaction((m) =>
      insertOutboxEvents(
        m,
        [
          { envelope: envelope('stale'), subscriptionId: subscription!.id, endsAt: stale },
          { envelope: envelope('current'), subscriptionId: subscription!.id, endsAt: current },
        ],
        guard,
      ),
    );
    expect([...inserted]).toEqual(['current']);
  });
});
