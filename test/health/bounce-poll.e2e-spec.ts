import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { createEnvelope, STREAMS, tickId } from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { utcConnectionOptions } from '@lifecycle/persistence';
import { createTestDatabase, freePort, startFakeMailjet, testInfra, testNamespace, type FakeMailjet, type TestDatabase } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';
import { event } from '../notifier/notifier.harness';
import { eventually } from './health-world';

/**
 * Issue 19.2 through processes: the notifier sends through the fake Mailjet (no Event API webhook), Mailjet
 * later learns of bounces, a block and a spam report, and the health process's email-health run polls them
 * into email_logs before judging the 5 % rule.
 */
describe('email-health polls Mailjet for bounces when the webhook is absent', () => {
  let db: TestDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let fake: FakeMailjet;
  const apps: RunningApp[] = [];
  const namespace = new Namespace(testNamespace());
  const env = () => ({ DATABASE_URL: db.url, NATS_URL: testInfra().natsUrl, LIFECYCLE_NAMESPACE: namespace.value });
  const mailjet = () => ({ MAILJET_API_URL: fake.url, MAILJET_API_KEY: fake.apiKey, MAILJET_API_SECRET: fake.apiSecret });

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2, ...utcConnectionOptions() });
    nc = await connectNats({ url: testInfra().natsUrl, name: 'bounce-poll-test' });
    jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, namespace, STREAMS);
    fake = await startFakeMailjet();
  });

  afterAll(async () => {
    for (const app of apps) {
      if (app.child.exitCode === null) {
        app.child.kill('SIGTERM');
        await app.exited;
      }
    }
    for (const stream of STREAMS) await jsm.streams.delete(namespace.stream(stream.name)).catch(() => undefined);
    await nc.close();
    await fake.close();
    await pool.end();
    await db.drop();
  });

  const emailHealthTick = async (at: Date) => {
    const slot = at.toISOString();
    const tick = createEnvelope('clock.tick.email-health', {
      id: tickId('email-health', slot),
      source: 'clock',
      correlationId: tickId('email-health', slot),
      occurredAt: slot,
      data: { schedule: 'email-health', scheduledAt: slot, firedAt: slot, trigger: 'schedule' },
    });
    await jetstream(nc).publish(namespace.subject(tick.type), JSON.stringify(tick), { msgID: tick.id });
    return eventually(
      async () => (await pool.query(`SELECT payload FROM outbox_events WHERE event_id = $1`, [`health.report:email-health@${slot}`])).rows[0],
      (row) => row !== undefined,
      60_000,
      `the health.report of ${slot}`,
    );
  };
  const mails = async () =>
    (await pool.query(`SELECT dedup_key, delivery_status, error FROM email_logs ORDER BY id`)).rows as { dedup_key: string; delivery_status: string; error: string | null }[];
  const bouncedEvents = async () => (await pool.query(`SELECT event_id FROM outbox_events WHERE subject = 'notification.email.bounced' ORDER BY event_id`)).rows;

  it('records bounced, blocked and spam from Mailjet, and the 5 % rule sees them; a second run changes nothing', async () => {
    const notifier = spawnApp('notifier', { ...env(), ...mailjet(), HTTP_PORT: String(await freePort()), MAIL_TRANSPORT: 'mailjet' });
    apps.push(notifier);
    const events = Array.from({ length: 20 }, () => event('trial.expiring'));
    for (const e of events) await jetstream(nc).publish(namespace.subject('trial.expiring'), JSON.stringify(e), { msgID: e.id });
    await eventually(mails, (rows) => rows.length === 20 && rows.every((r) => r.delivery_status === 'sent'), 60_000, '20 mails sent');
    notifier.child.kill('SIGTERM');
    await notifier.exited;

    const keys = events.map((e) => e.id);
    // what Mailjet learned after accepting them
    fake.setStatus(keys[0], 'hardbounced', 1);
    fake.setStatus(keys[1], 'softbounced', 3);
    fake.setStatus(keys[2], 'blocked', 20);
    fake.setStatus(keys[3], 'spam');

    const health = spawnApp('health', { ...env(), ...mailjet(), HTTP_PORT: String(await freePort()) });
    apps.push(health);
    const now = new Date(Date.now() + 60_000);
    const report = await emailHealthTick(now);

    const rows = new Map((await mails()).map((r) => [r.dedup_key, r]));
    expect(rows.get(keys[0])).toMatchObject({ delivery_status: 'bounced', error: 'hard bounce: user unknown (polled from Mailjet)' });
    expect(rows.get(keys[1])).toMatchObject({ delivery_status: 'bounced', error: 'soft bounce: quota exceeded (polled from Mailjet)' });
    expect(rows.get(keys[2])).toMatchObject({ delivery_status: 'bounced', error: 'blocked: blacklisted (polled from Mailjet)' });
    expect(rows.get(keys[3])).toMatchObject({ delivery_status: 'sent', error: 'spam' });
    expect(keys.slice(4).every((k) => rows.get(k)?.delivery_status === 'sent' && rows.get(k)?.error === null)).toBe(true);
    expect(await bouncedEvents()).toHaveLength(3);

    expect(report.payload.data.counts).toMatchObject({ mailjetPolled: 20, mailjetProblems: 4, mailjetApplied: 4, mailsBounced: 3, mailsSpam: 1 });
    const issue = report.payload.data.issues.find((i: { code: string }) => i.code === 'email.failure_rate');
    expect(issue?.message).toBe('20% of the 20 mails of the last 1h failed (0) or bounced (3), or were reported as spam (1); the threshold is 5%');
    const polls = fake.lookups().filter((l) => l.query.ShowCustomID === 'true');
    expect(polls).toHaveLength(1);
    expect(Number(polls[0].query.ToTS) - Number(polls[0].query.FromTS)).toBeGreaterThanOrEqual(2 * 3600 - 1);

    // the next run polls again and changes nothing: no second bounced event, the same judgement
    const again = await emailHealthTick(new Date(now.getTime() + 60_000));
    expect(again.payload.data.counts).toMatchObject({ mailjetPolled: 20, mailjetProblems: 4, mailjetApplied: 0 });
    expect(await bouncedEvents()).toHaveLength(3);
    expect(await pool.query(`SELECT count(*)::int AS n FROM health_issues WHERE code = 'email.failure_rate' AND resolved_at IS NULL`)).toMatchObject({ rows: [{ n: 1 }] });
  }, 150_000);
});
