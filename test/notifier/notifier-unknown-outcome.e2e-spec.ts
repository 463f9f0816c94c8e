import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { Namespace } from '@lifecycle/messaging';
import { createTestDatabase, freePort, startFakeMailjet, testInfra, testNamespace, type FakeMailjet, type TestDatabase } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';
import { event, eventually } from './notifier.harness';

/**
 * Issue 19.1 through a real notifier process and the fake Mailjet over HTTP: a 5xx leaves the outcome
 * unknown and is settled by CustomID lookups up to MAILJET_LOOKUP_GRACE; a 4xx means nothing was taken.
 */
describe('notifier: Mailjet answers of unknown outcome', () => {
  const GRACE_S = 30;
  const INDEX_LAG_MS = 12_000;
  let db: TestDatabase;
  let pool: Pool;
  let fake: FakeMailjet;
  let nc: NatsConnection;
  let run: RunningApp;
  let port: number;
  const ns = new Namespace(testNamespace());

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    // Mailjet lists a taken message only 12 s later: longer than the first two lookups (5 s, 10 s)
    fake = await startFakeMailjet({ indexLagMs: INDEX_LAG_MS });
    nc = await connect({ servers: testInfra().natsUrl });
    port = await freePort();
    run = spawnApp('notifier', {
      DATABASE_URL: db.url,
      NATS_URL: testInfra().natsUrl,
      LIFECYCLE_NAMESPACE: ns.value,
      HTTP_PORT: String(port),
      MAIL_TRANSPORT: 'mailjet',
      MAILJET_API_URL: fake.url,
      MAILJET_API_KEY: fake.apiKey,
      MAILJET_API_SECRET: fake.apiSecret,
      MAILJET_LOOKUP_GRACE: `${GRACE_S}s`,
      MAIL_BATCH_LINGER: '300ms',
    });
    await eventually(
      () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false),
      (ok) => ok || run.child.exitCode !== null,
      30_000,
      'the notifier up',
    );
    if (run.child.exitCode !== null) throw new Error(`notifier exited:\n${run.output()}`);
  }, 60_000);

  afterAll(async () => {
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    await nc?.close();
    await fake?.close();
    await pool?.end();
    await db?.drop();
  });

  const publish = async (count: number) => {
    const events = Array.from({ length: count }, () => event('trial.expiring'));
    await Promise.all(events.map((e) => jetstream(nc).publish(ns.subject('trial.expiring'), JSON.stringify(e), { msgID: e.id })));
    return events.map((e) => e.id);
  };
  const statuses = async (keys: string[]) =>
    (await pool.query(`SELECT dedup_key, delivery_status, mailjet_message_id, unknown_outcomes FROM email_logs WHERE dedup_key = ANY($1)`, [keys]))
      .rows as { dedup_key: string; delivery_status: string; mailjet_message_id: string | null; unknown_outcomes: number }[];
  const allSent = (keys: string[]) =>
    eventually(() => statuses(keys), (rows) => rows.length === keys.length && rows.every((r) => r.delivery_status === 'sent'), 120_000, 'every mail sent');
  const lookupsOf = (key: string) => fake.lookups().filter((l) => l.query.CustomID === key);
  const sendsOf = (key: string) =>
    fake.sendRequests().filter((r) => ((r.body as { Messages?: { CustomID?: string }[] } | null)?.Messages ?? []).some((m) => m.CustomID === key));

  it('a batch Mailjet took but answered 503: found by lookups before the grace, nothing sent twice', async () => {
    fake.script({ status: 503, accept: true, body: 'Service Unavailable' });
    const keys = await publish(3);
    const rows = await allSent(keys);
    const firstSend = sendsOf(keys[0])[0];

    expect(sendsOf(keys[0])).toHaveLength(1);
    expect(firstSend.status).toBe(503);
    for (const key of keys) {
      expect(fake.accepted.filter((m) => m.customId === key)).toHaveLength(1);
      expect(rows.find((r) => r.dedup_key === key)).toMatchObject({ mailjet_message_id: fake.message(key)!.messageId, unknown_outcomes: 1 });
      // looked up at about 5, 10 and 20 s: not found twice (the index lags 12 s), then found
      expect(lookupsOf(key).length).toBeGreaterThanOrEqual(3);
      expect(lookupsOf(key).at(-1)!.at - firstSend.at).toBeGreaterThanOrEqual(INDEX_LAG_MS);
      // recorded well before the grace: a 503 holds its batch back only until a lookup finds it
      expect(lookupsOf(key).at(-1)!.at - firstSend.at).toBeLessThan(GRACE_S * 1000);
    }
  }, 120_000);

  it('a plain 503 Mailjet did not take: every lookup over the grace finds nothing, then it is sent once', async () => {
    fake.script({ status: 503, body: 'Service Unavailable' });
    const [key] = await publish(1);
    await allSent([key]);
    const [first, second, ...more] = sendsOf(key);

    expect(more).toHaveLength(0);
    expect([first.status, second.status]).toEqual([503, 200]);
    expect(fake.accepted.filter((m) => m.customId === key)).toHaveLength(1);
    const lookups = lookupsOf(key);
    // 5, 10, 20 and 30 s: all before the second send, the last at the grace
    expect(lookups.length).toBeGreaterThanOrEqual(4);
    expect(lookups.every((l) => l.at < second.at)).toBe(true);
    expect(second.at - first.at).toBeGreaterThanOrEqual(GRACE_S * 1000);
    expect(second.at - first.at).toBeLessThan(GRACE_S * 1000 + 15_000);
  }, 120_000);

  it('a 4xx without per-message results (408) means nothing was taken: retried at once, no lookup', async () => {
    fake.script({ status: 408 });
    const [key] = await publish(1);
    await allSent([key]);
    const [first, second] = sendsOf(key);

    expect(first.status).toBe(408);
    expect(second.status).toBe(200);
    expect(lookupsOf(key)).toHaveLength(0);
    expect(second.at - first.at).toBeLessThan(5_000);
    expect((await statuses([key]))[0].unknown_outcomes).toBe(0);
  }, 60_000);

  it('counts the unknown outcomes in lifecycle_notifier_unknown_outcomes_total', async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // the line of a stage, whatever the order of its labels (a `service` label is added to all)
    const count = (stage: string) => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith('lifecycle_notifier_unknown_outcomes_total{') && l.includes(`stage="${stage}"`) && l.includes('type="trial_expiry_reminder"'));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    expect([count('unknown'), count('found'), count('resent')]).toEqual([4, 3, 1]);
  });
});
