import { shardTick, type BillingSweeps, type SweepShard } from '@lifecycle/billing';
import type { Envelope } from '@lifecycle/contracts';
import { bulkSeed } from '../../tools/bench/bulk-seed';
import { BillingWorld, DAY, tick } from './billing-world';

const NOW = new Date('2026-12-01T09:00:00Z');

type WorkItem = Envelope<'billing.sweep.trial-expiry' | 'billing.sweep.trial-reminders'>;

/** Two replicas pulling from one queue: each takes the next item when it is free; every item is also delivered twice. */
async function drain(items: readonly WorkItem[], replicas: BillingSweeps[]): Promise<void> {
  const queue = [...items, ...items];
  await Promise.all(
    replicas.flatMap((replica) =>
      [0, 1].map(async () => {
        for (let item = queue.shift(); item; item = queue.shift()) await replica.run(item.data.sweep, shardTick(item.data));
      }),
    ),
  );
}

describe('sharded sweeps', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  async function workItems(subject: string): Promise<WorkItem[]> {
    return (await world.outbox()).filter((r) => r.subject === subject).map((r) => r.payload as WorkItem);
  }

  it('split a tick into S work items in the outbox, once however often the tick comes', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 400, base: new Date(NOW.getTime() - 10 * DAY), spreadMs: 9 * DAY });
    const sweeps = world.sweeps({ sweepShards: 4 });
    const first = await sweeps.onTick('trial-expiry', tick('trial-expiry', NOW));
    const again = await sweeps.onTick('trial-expiry', tick('trial-expiry', NOW));

    expect(first).toMatchObject({ mode: 'split', split: { split: true, written: 4 } });
    expect(again).toMatchObject({ mode: 'split', split: { split: false, written: 0 } });
    const items = await workItems('billing.sweep.trial-expiry');
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4].map((n) => `billing.sweep.trial-expiry:trial-expiry@2026-12-01T09:00:00Z:${n}of4`));
    expect(items.map((i) => [i.data.shard, i.data.shards, i.data.scheduledAt, i.correlationId])).toEqual(
      [0, 1, 2, 3].map((n) => [n, 4, '2026-12-01T09:00:00.000Z', 'trial-expiry@2026-12-01T09:00:00Z']),
    );
    // contiguous from id 0, the last one open-ended: nothing falls between them, nothing after them
    expect(items[0].data.afterId).toBe(0);
    for (let i = 1; i < 4; i++) expect(items[i].data.afterId).toBe(items[i - 1].data.throughId);
    expect(items[3].data.throughId).toBeNull();
    // the split itself changed nothing
    expect([...(await world.statuses()).values()].every((s) => s === 'trial')).toBe(true);
    const { rows } = await world.pool.query(`SELECT consumer, event_id FROM processed_messages`);
    expect(rows).toEqual([{ consumer: 'billing--clock_tick_trial-expiry', event_id: 'trial-expiry@2026-12-01T09:00:00Z' }]);
  });

  it('with S = 1 the tick runs the whole sweep itself, as before', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 50, base: new Date(NOW.getTime() - 10 * DAY), spreadMs: 9 * DAY });
    const outcome = await world.sweeps().onTick('trial-expiry', tick('trial-expiry', NOW));
    expect(outcome).toMatchObject({ mode: 'swept', summary: { expired: 50 } });
    expect(await workItems('billing.sweep.trial-expiry')).toEqual([]);
  });

  it('two replicas running the shards concurrently, each delivered twice, expire every trial once with one audit row and one event', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 900, base: new Date(NOW.getTime() - 10 * DAY), spreadMs: 9 * DAY });
    await world.sweeps({ sweepShards: 6 }).onTick('trial-expiry', tick('trial-expiry', NOW));
    // a subscription created after the split: the last shard is open-ended, so it is not lost
    const late = await world.factories.newCompany({ trialEndsAt: new Date(NOW.getTime() - DAY) });
    const items = await workItems('billing.sweep.trial-expiry');
    expect(items).toHaveLength(6);

    const other = await world.otherDataSource();
    await drain(items, [world.sweeps({ batchSize: 20 }), world.sweeps({ batchSize: 20 }, other)]);

    const { rows } = await world.pool.query(
      `SELECT (SELECT count(*)::int FROM subscriptions WHERE status = 'expired') AS expired,
              (SELECT count(*)::int FROM subscriptions WHERE status = 'trial') AS trials,
              (SELECT count(*)::int FROM audit_logs) AS audit,
              (SELECT count(DISTINCT resource_id)::int FROM audit_logs) AS audited_subscriptions,
              (SELECT count(*)::int FROM outbox_events WHERE subject = 'trial.expired') AS events,
              (SELECT count(DISTINCT aggregate)::int FROM outbox_events WHERE subject = 'trial.expired') AS event_subscriptions`,
    );
    expect(rows[0]).toEqual({ expired: 901, trials: 0, audit: 901, audited_subscriptions: 901, events: 901, event_subscriptions: 901 });
    expect((await world.statuses()).get(late.subscription!.id)).toBe('expired');
  });

  it('two replicas running reminder shards concurrently emit each due reminder once, the same set as one unsharded sweep', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 700, base: new Date(NOW.getTime() + 4 * DAY), spreadMs: 4 * DAY, noAdminEvery: 25 });
    const unsharded = await world.sweeps().run('trial-reminders', tick('trial-reminders', NOW));
    const expected = (await world.outbox()).map((r) => r.event_id).sort();
    expect(expected.length).toBeGreaterThan(400);
    await world.pool.query(`TRUNCATE outbox_events`);

    await world.sweeps({ sweepShards: 5 }).onTick('trial-reminders', tick('trial-reminders', NOW));
    const items = await workItems('billing.sweep.trial-reminders');
    const other = await world.otherDataSource();
    const summaries: number[] = [];
    const replicas = [world.sweeps({ batchSize: 15 }), world.sweeps({ batchSize: 15 }, other)].map((sweeps) => ({
      ...sweeps,
      run: async (...args: Parameters<BillingSweeps['run']>) => {
        const summary = await sweeps.run(...args);
        summaries.push(summary.skipped.no_admin ?? 0);
        return summary;
      },
    }));
    await drain(items, replicas);

    expect((await world.outbox()).filter((r) => r.subject === 'trial.expiring').map((r) => r.event_id).sort()).toEqual(expected);
    // each shard names the skipped rows of its own range only: one pass over the shards counts each once
    expect(summaries.reduce((n, s) => n + s, 0)).toBe(2 * (unsharded.skipped.no_admin ?? 0));
    expect(unsharded.skipped.no_admin).toBeGreaterThan(0);
  });

  it('a shard sweeps only its id range', async () => {
    await bulkSeed((sql, params) => world.pool.query(sql, params), { count: 100, base: new Date(NOW.getTime() - 10 * DAY), spreadMs: 9 * DAY });
    const { rows } = await world.pool.query(`SELECT id FROM subscriptions ORDER BY id`);
    const ids = rows.map((r: { id: number }) => r.id);
    const shard: SweepShard = { index: 1, count: 3, afterId: ids[19], throughId: ids[49] };
    const summary = await world.sweeps({ batchSize: 7 }).run('trial-expiry', { ...tick('trial-expiry', NOW), shard });
    expect(summary).toMatchObject({ expired: 30, shard });
    const statuses = await world.statuses();
    expect(ids.filter((id: number) => statuses.get(id) === 'expired')).toEqual(ids.slice(20, 50));
  });
});
