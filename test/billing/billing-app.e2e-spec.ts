import type { Pool } from 'pg';
import { consumerName, trialExpiringId, type Envelope } from '@lifecycle/contracts';
import { createTestDatabase, Factories, type TestDatabase } from '@lifecycle/testing';
import { testPool } from './billing-world';
import { eventually, startBilling, stopBilling, TestJetStream, tickEnvelope, type BillingProcess } from './billing-processes';

jest.setTimeout(90_000);

const SLOT = '2026-12-01T09:00:00Z';
const DAY = 86_400_000;
const at = (days: number) => new Date(new Date(SLOT).getTime() + days * DAY);

describe('the billing app as a process, driven by ticks on JetStream', () => {
  let db: TestDatabase;
  let pool: Pool;
  let js: TestJetStream;
  const apps: BillingProcess[] = [];
  let expected: string[];

  beforeEach(async () => {
    db = await createTestDatabase();
    pool = testPool(db.url, 2);
    js = await TestJetStream.create();
    const factories = new Factories(pool, new Date('2026-11-01T00:00:00Z'));
    expected = [];
    for (const [days, d] of [[7, 7], [3, 3], [1, 1], [2, 3], [6, 7]] as const) {
      const { subscription } = await factories.newCompany({ trialEndsAt: at(days) });
      expected.push(trialExpiringId(subscription!.id, d, at(days)));
    }
    await factories.newCompany({ trialEndsAt: at(20) });
    expected.sort();
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map(stopBilling));
    await js.close();
    await pool.end();
    await db.drop();
  });

  const lifecycleIds = async () => (await js.messages('LIFECYCLE')).map((e) => e.id).sort();

  it('turns a clock.tick.trial-reminders into trial.expiring events on the LIFECYCLE stream', async () => {
    apps.push(await startBilling(db.url, js.namespace));
    await js.publisher.publish(tickEnvelope('trial-reminders', SLOT));

    const ids = await eventually(lifecycleIds, (found) => found.length >= expected.length);
    expect(ids).toEqual(expected);
    const events = (await js.messages('LIFECYCLE')) as Envelope<'trial.expiring'>[];
    expect(events.every((e) => e.type === 'trial.expiring' && e.correlationId === `trial-reminders@${SLOT}`)).toBe(true);
    await eventually(() => Promise.resolve(apps[0].output()), (out) => out.includes(`trial-reminders trial-reminders@${SLOT}: 5 emitted`));
  });

  it('emits one set of events when two processes get the same tick twice', async () => {
    apps.push(await startBilling(db.url, js.namespace), await startBilling(db.url, js.namespace));
    const tick = tickEnvelope('trial-reminders', SLOT);
    await js.publisher.publish(tick);
    await js.publisher.publish(tick); // dropped by JetStream: same Nats-Msg-Id
    await js.republishWithoutDedup(tick);
    await js.republishWithoutDedup(tick);

    const consumer = js.namespace.stream('CLOCK');
    const durable = consumerName('billing', 'clock.tick.trial-reminders');
    await eventually(
      () => js.jsm.consumers.info(consumer, durable),
      (info) => info.ack_floor.stream_seq === 3 && info.num_pending === 0 && info.num_ack_pending === 0,
    );
    await eventually(lifecycleIds, (found) => found.length >= expected.length);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await lifecycleIds()).toEqual(expected);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM outbox_events`);
    expect(rows[0].n).toBe(expected.length);
    const emittedPerRun = apps
      .flatMap((app) => [...app.output().matchAll(/trial-reminders trial-reminders@\S+: (\d+) emitted/g)])
      .map((m) => Number(m[1]));
    expect(emittedPerRun).toHaveLength(3);
    expect(emittedPerRun.reduce((a, b) => a + b, 0)).toBe(expected.length);
  });

  it('splits a tick into shards on BILLING_WORK that two processes share through one durable, each reminder once', async () => {
    const env = { BILLING_SWEEP_SHARDS: '4', BILLING_SWEEP_SHARD_CONCURRENCY: '1' };
    apps.push(await startBilling(db.url, js.namespace, env), await startBilling(db.url, js.namespace, env));
    const tick = tickEnvelope('trial-reminders', SLOT);
    await js.publisher.publish(tick);
    await js.republishWithoutDedup(tick);

    await eventually(lifecycleIds, (found) => found.length >= expected.length);
    const durable = consumerName('billing', 'billing.sweep.trial-reminders');
    await eventually(
      () => js.jsm.consumers.info(js.namespace.stream('BILLING_WORK'), durable),
      (info) => info.ack_floor.stream_seq === 4 && info.num_pending === 0 && info.num_ack_pending === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await lifecycleIds()).toEqual(expected);
    const items = (await js.messages('BILLING_WORK')).map((e) => e.id);
    expect(new Set(items).size).toBe(items.length);
    const { rows } = await pool.query(`SELECT subject, count(*)::int AS n FROM outbox_events GROUP BY subject ORDER BY subject`);
    expect(rows).toEqual([
      { subject: 'billing.sweep.trial-reminders', n: 4 },
      { subject: 'trial.expiring', n: expected.length },
    ]);
    const output = apps.map((app) => app.output()).join('\n');
    expect(output.match(/split into 4 shards/g)).toHaveLength(1);
    expect(output.match(/already split/g)).toHaveLength(1);
    const shardRuns = [...output.matchAll(/trial-reminders trial-reminders@\S+ shard (\d)\/4: (\d+) emitted/g)];
    expect(shardRuns.map((m) => m[1]).sort()).toEqual(['1', '2', '3', '4']);
    expect(shardRuns.reduce((n, m) => n + Number(m[2]), 0)).toBe(expected.length);
  });
});
