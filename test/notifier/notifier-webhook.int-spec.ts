import { startFakeMailjet, type FakeMailjet } from '@lifecycle/testing';
import { event, eventually, notifierWorld, type World } from './notifier.harness';

const USER = 'mailjet-events';
const PASSWORD = 'a-long-webhook-password';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('POST /webhooks/mailjet', () => {
  let fake: FakeMailjet;
  let world: World;

  beforeAll(async () => {
    fake = await startFakeMailjet();
    world = await notifierWorld({
      MAIL_TRANSPORT: 'mailjet',
      MAILJET_API_URL: fake.url,
      MAILJET_API_KEY: fake.apiKey,
      MAILJET_API_SECRET: fake.apiSecret,
      MAILJET_WEBHOOK_USER: USER,
      MAILJET_WEBHOOK_PASSWORD: PASSWORD,
    });
  });

  afterAll(async () => {
    await world?.close();
    await fake?.close();
  });

  function post(body: string, authorization: string | null = basic(USER, PASSWORD)): Promise<Response> {
    return fetch(`${world.http}/webhooks/mailjet`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body,
    });
  }

  async function sendMail(subject: 'trial.expired' | 'payment.failed', n: number) {
    const e = event(subject, { admin: { userId: n, email: `admin${n}@example.com`, fullName: `Admin ${n}`, locale: 'en' } });
    await world.publish(e);
    return eventually(() => world.row(e.id), (r) => r?.delivery_status === 'sent', 20_000, `${e.id} sent`).then((row) => ({ e, row: row! }));
  }

  it('refuses missing or wrong credentials with 401', async () => {
    const events = JSON.stringify([{ event: 'open', CustomID: 'x', time: 1 }]);
    const none = await post(events, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await post(events, basic(USER, 'wrong-password-123'))).status).toBe(401);
    expect((await post(events, basic('someone', PASSWORD))).status).toBe(401);
    expect((await post(events, 'Bearer whatever')).status).toBe(401);
  });

  it('answers malformed input with 400 and keeps serving', async () => {
    const notJson = await post('{"event": "open",');
    expect(notJson.status).toBe(400);
    const wrongShape = await post(JSON.stringify([{ CustomID: 'x' }]));
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { message: string }).message).toContain('0.event');
    expect((await post('"just a string"')).status).toBe(400);
    expect((await fetch(`${world.http}/healthz`)).status).toBe(200);
  });

  it('records delivery, opens, clicks, spam and bounces, emits notification.email.bounced once, and a replay changes nothing', async () => {
    const a = await sendMail('trial.expired', 1);
    const b = await sendMail('payment.failed', 2);
    // a platform mail the notifier did not send: matched by its (exact) MessageID
    await world.pool.query(
      `INSERT INTO email_logs ("timestamp", email_type, recipient_email, sent_at, delivery_status, mailjet_message_id)
       VALUES (now(), 'payment_success', 'platform@example.com', now(), 'sent', '123456789')`,
    );
    const t = 1796720400; // 2026-12-08T09:00:00Z
    const payload = `[
      {"event":"sent","time":${t},"MessageID":${a.row.mailjet_message_id},"CustomID":"${a.e.id}","email":"admin1@example.com"},
      {"event":"open","time":${t + 60},"MessageID":${a.row.mailjet_message_id},"CustomID":"${a.e.id}"},
      {"event":"open","time":${t + 30},"MessageID":${a.row.mailjet_message_id},"CustomID":"${a.e.id}"},
      {"event":"click","time":${t + 90},"CustomID":"${a.e.id}","url":"https://app.example.com/billing"},
      {"event":"spam","time":${t + 120},"CustomID":"${a.e.id}","source":"JMRPP"},
      {"event":"bounce","time":${t + 5},"CustomID":"${b.e.id}","hard_bounce":true,"error_related_to":"recipient","error":"user unknown"},
      {"event":"blocked","time":${t + 5},"MessageID":123456789,"CustomID":"","error":"preblocked"},
      {"event":"unsub","time":${t},"CustomID":"${a.e.id}"},
      {"event":"open","time":${t},"CustomID":"not-ours"}
    ]`;

    const first = await post(payload);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 9, applied: 6, ignored: 1, bounced: 1 });

    const rowA = await world.row(a.e.id);
    expect(rowA).toMatchObject({ delivery_status: 'delivered', error: 'spam' });
    expect(rowA!.opened_at!.toISOString()).toBe('2026-12-08T09:00:30.000Z');
    expect(rowA!.clicked_at!.toISOString()).toBe('2026-12-08T09:01:30.000Z');
    expect(await world.row(b.e.id)).toMatchObject({ delivery_status: 'bounced', error: 'hard bounce (recipient): user unknown' });
    const { rows: platform } = await world.pool.query(`SELECT delivery_status, error FROM email_logs WHERE mailjet_message_id = '123456789'`);
    expect(platform).toEqual([{ delivery_status: 'bounced', error: 'blocked: preblocked' }]);

    // company 12 of the sample data does not exist in this database, so the row (and the event) carry no company
    const bouncedEvent = (events: { type: string }[]) => events.filter((n) => n.type === 'notification.email.bounced');
    const bounced = await eventually(() => world.notifications(), (n) => bouncedEvent(n).length === 1, 20_000, 'notification.email.bounced');
    expect(bouncedEvent(bounced)).toEqual([
      expect.objectContaining({
        id: `notification.email.bounced:${b.e.id}`,
        occurredAt: '2026-12-08T09:00:05.000Z',
        data: {
          dedupKey: b.e.id,
          emailType: 'payment_failed',
          recipient: 'admin2@example.com',
          providerMessageId: b.row.mailjet_message_id,
          error: 'hard bounce (recipient): user unknown',
        },
      }),
    ]);

    const before = await world.rows();
    const { rows: outboxBefore } = await world.pool.query(`SELECT count(*)::int AS n FROM outbox_events`);
    const replay = await post(payload);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: 9, applied: 0, ignored: 1, bounced: 0 });
    expect(await world.rows()).toEqual(before);
    const { rows: outboxAfter } = await world.pool.query(`SELECT count(*)::int AS n FROM outbox_events`);
    expect(outboxAfter).toEqual(outboxBefore);
    expect(bouncedEvent(await world.notifications())).toHaveLength(1);
  });

  it('answers 503 while the webhook credentials are not configured', async () => {
    const unconfigured = await notifierWorld({});
    try {
      const response = await fetch(`${unconfigured.http}/webhooks/mailjet`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basic(USER, PASSWORD) },
        body: '[]',
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { message: string }).message).toContain('webhook not configured');
    } finally {
      await unconfigured.close();
    }
  });
});
