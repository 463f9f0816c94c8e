import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import type { Envelope } from '@lifecycle/contracts';
import { Namespace } from '@lifecycle/messaging';
import { createTestDatabase, freePort, startFakeMailjet, testInfra, testNamespace, type FakeMailjet, type TestDatabase } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';
import { event, eventually } from './notifier.harness';

async function waitForHttp(url: string, run: RunningApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`notifier exited early:\n${run.output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`notifier not up within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('notifier killed between Mailjet accepting a mail and recording it', () => {
  let db: TestDatabase;
  let pool: Pool;
  let fake: FakeMailjet;
  let nc: NatsConnection;
  const runs: RunningApp[] = [];
  const ns = new Namespace(testNamespace());

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    fake = await startFakeMailjet();
    nc = await connect({ servers: testInfra().natsUrl });
  });

  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await nc?.close();
    await fake?.close();
    await pool?.end();
    await db?.drop();
  });

  async function start(): Promise<RunningApp> {
    const port = await freePort();
    const run = spawnApp('notifier', {
      DATABASE_URL: db.url,
      NATS_URL: testInfra().natsUrl,
      LIFECYCLE_NAMESPACE: ns.value,
      HTTP_PORT: String(port),
      MAIL_TRANSPORT: 'mailjet',
      MAILJET_API_URL: fake.url,
      MAILJET_API_KEY: fake.apiKey,
      MAILJET_API_SECRET: fake.apiSecret,
    });
    runs.push(run);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, run);
    return run;
  }

  const row = async (dedupKey: string) =>
    (await pool.query(`SELECT delivery_status, mailjet_message_id, error FROM email_logs WHERE dedup_key = $1`, [dedupKey])).rows[0] as
      | { delivery_status: string; mailjet_message_id: string | null; error: string | null }
      | undefined;

  it('finds the mail by its CustomID after the restart and records it without a second send', async () => {
    // Mailjet takes the mail, then the response never arrives: the process dies in that window.
    fake.script({ status: 200, hold: true });
    const first = await start();
    const expiring = event('trial.expiring');
    await jetstream(nc).publish(ns.subject('trial.expiring'), JSON.stringify(expiring), { msgID: expiring.id });

    await fake.waitFor(() => fake.sendRequests().length === 1, 20_000, 'the send request');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fake.accepted.map((m) => m.customId)).toEqual([expiring.id]);
    expect(await row(expiring.id)).toMatchObject({ delivery_status: 'pending', mailjet_message_id: null });
    fake.release();

    // JetStream redelivers once ack_wait (30 s) has passed since the unacknowledged delivery
    const second = await start();
    const recorded = await eventually(() => row(expiring.id), (r) => r?.delivery_status === 'sent', 90_000, 'the mail recorded as sent');

    expect(fake.sendRequests()).toHaveLength(1);
    expect(fake.lookups().map((l) => l.query.CustomID)).toEqual([expiring.id]);
    expect(recorded).toMatchObject({ mailjet_message_id: fake.message(expiring.id)!.messageId, error: null });
    // the log line follows the record; the pipe from the process may deliver it a moment later
    await eventually(async () => second.output(), (o) => o.includes('already had the mail of an unfinished attempt'), 10_000, 'the log line');

    const jsm = await jetstreamManager(nc);
    const sent = await eventually(
      async () => {
        const { state } = await jsm.streams.info(ns.stream('NOTIFICATION'));
        if (state.messages === 0) return null;
        return (await jsm.streams.getMessage(ns.stream('NOTIFICATION'), { seq: state.first_seq }))?.json<Envelope>() ?? null;
      },
      (e) => e !== null,
      20_000,
      'notification.email.sent',
    );
    expect(sent).toMatchObject({ type: 'notification.email.sent', data: { dedupKey: expiring.id, providerMessageId: recorded!.mailjet_message_id } });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 150_000);
});
