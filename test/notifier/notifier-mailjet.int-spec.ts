import { startFakeMailjet, type FakeMailjet } from '@lifecycle/testing';
import { event, eventually, notifierWorld, type World } from './notifier.harness';

const sendsOf = (fake: FakeMailjet, customId: string) =>
  fake.sendRequests().filter((r) => (r.body as { Messages?: { CustomID?: string }[] } | null)?.Messages?.some((m) => m.CustomID === customId));

describe('notifier → Mailjet', () => {
  let fake: FakeMailjet;
  let world: World | undefined;

  beforeEach(async () => {
    fake = await startFakeMailjet();
  });

  afterEach(async () => {
    await world?.close();
    world = undefined;
    await fake.close();
  });

  function boot(env: Record<string, string> = {}): Promise<World> {
    return notifierWorld({
      MAIL_TRANSPORT: 'mailjet',
      MAILJET_API_URL: fake.url,
      MAILJET_API_KEY: fake.apiKey,
      MAILJET_API_SECRET: fake.apiSecret,
      MAIL_FROM: 'billing@example.com',
      ...env,
    }).then((w) => (world = w));
  }

  it('sends the same event delivered three times once: one request to Mailjet, one email_logs row', async () => {
    const w = await boot();
    const { company, admin } = await w.factories.newCompany({ status: 'trial', trialEndsAt: '2026-12-08T09:00:00Z' });
    const expiring = event('trial.expiring', {
      companyId: company.id,
      companyName: company.name,
      admin: { userId: admin!.id, email: admin!.email, fullName: admin!.fullName, locale: 'en' },
    });

    // distinct Nats-Msg-Ids: the stream keeps all three, as after a producer retried beyond the duplicate window
    let seq = 0;
    for (const n of [1, 2, 3]) seq = await w.publish(expiring, `${expiring.id}#${n}`);

    await eventually(() => w.acked('trial.expiring', seq), Boolean, 30_000, 'all three deliveries acked');
    expect(sendsOf(fake, expiring.id)).toHaveLength(1);
    expect(fake.accepted.filter((m) => m.customId === expiring.id)).toHaveLength(1);
    const rows = await w.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dedup_key: expiring.id,
      email_type: 'trial_expiry_reminder',
      recipient_email: admin!.email,
      user_id: admin!.id,
      company_id: company.id,
      delivery_status: 'sent',
      // Mailjet's id is beyond 2^53: kept exactly, as text
      mailjet_message_id: fake.message(expiring.id)!.messageId,
      error: null,
    });
    expect(BigInt(rows[0].mailjet_message_id!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(rows[0].subject).toBe(`Your Team trial for ${company.name} ends on December 8, 2026`);
    const sent = await eventually(() => w.notifications(), (events) => events.length > 0, 20_000, 'notification.email.sent');
    expect(sent).toEqual([
      expect.objectContaining({
        id: `notification.email.sent:${expiring.id}`,
        type: 'notification.email.sent',
        data: expect.objectContaining({ dedupKey: expiring.id, providerMessageId: rows[0].mailjet_message_id }),
      }),
    ]);
    const message = fake.message(expiring.id)!.message as { Subject: string; TextPart: string; HTMLPart: string; From: unknown; EventPayload: string };
    expect(message.From).toEqual({ Email: 'billing@example.com' });
    expect(message.TextPart).toContain('December 8, 2026 at 9:00 AM (UTC)');
    expect(message.HTMLPart).toContain('<!doctype html>');
    expect(JSON.parse(message.EventPayload)).toEqual({ emailType: 'trial_expiry_reminder', companyId: company.id });
  });

  it('retries after Mailjet answers 500 twice, then sends once, looking the mail up before each re-send', async () => {
    fake.script({ status: 500 }, { status: 500 });
    const w = await boot({ MAILJET_LOOKUP_GRACE: '0s' });
    const expired = event('trial.expired');
    const seq = await w.publish(expired);

    const row = await eventually(() => w.row(expired.id), (r) => r?.delivery_status === 'sent', 30_000, 'the mail sent');
    await eventually(() => w.acked('trial.expired', seq), Boolean, 10_000, 'the event acked');
    const requests = sendsOf(fake, expired.id);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
    // the transport's back-off: 1 s, then 5 s
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(900);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(4_500);
    expect(fake.accepted.filter((m) => m.customId === expired.id)).toHaveLength(1);
    expect(fake.lookups().map((l) => l.query.CustomID)).toEqual([expired.id, expired.id]);
    expect(row).toMatchObject({ mailjet_message_id: fake.message(expired.id)!.messageId, error: null });
  });

  it('keeps a mail pending, and does not re-send it, while an uncertain attempt is younger than the lookup grace', async () => {
    fake.script({ status: 503 });
    const w = await boot({ MAILJET_LOOKUP_GRACE: '1h' });
    const expired = event('trial.expired');
    await w.publish(expired);

    await eventually(() => fake.lookups().length, (n) => n >= 1, 20_000, 'the lookup of the redelivery');
    expect(sendsOf(fake, expired.id)).toHaveLength(1);
    expect(await w.row(expired.id)).toMatchObject({ delivery_status: 'pending', error: expect.stringContaining('mailjet 503') });
  });

  it('honours 429 Retry-After: waits that long, then sends once without a redelivery', async () => {
    fake.script({ status: 429, retryAfter: 2 });
    const w = await boot();
    const renewal = event('renewal.upcoming');
    const seq = await w.publish(renewal);

    await eventually(() => w.row(renewal.id), (r) => r?.delivery_status === 'sent', 30_000, 'the mail sent');
    await eventually(() => w.acked('renewal.upcoming', seq), Boolean, 10_000, 'the event acked');
    const requests = sendsOf(fake, renewal.id);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(1_950);
    expect(fake.lookups()).toHaveLength(0);
    const info = await w.jsm.consumers.info(w.ns.stream('LIFECYCLE'), 'notifier--renewal_upcoming');
    expect(info.num_redelivered).toBe(0);
    // the notifier's consumers retry transient failures for hours (docs/notifier.md, "Retries")
    expect(info.config.max_deliver).toBe(100);
  });

  it('sends the rest of a batch with one invalid address, fails that one for good and announces it', async () => {
    fake.invalidRecipients.add('nobody@invalid.example');
    const w = await boot({ MAIL_BATCH_LINGER: '1s' });
    const events = [1, 2, 3, 4, 5].map((n) =>
      event('payment.failed', {
        paymentId: 1000 + n,
        admin: { userId: n, email: n === 3 ? 'nobody@invalid.example' : `admin${n}@example.com`, fullName: `Admin ${n}`, locale: 'en' },
      }),
    );
    let seq = 0;
    for (const e of events) seq = await w.publish(e);

    await eventually(() => w.acked('payment.failed', seq), Boolean, 30_000, 'all five acked');
    const batch = fake.sendRequests();
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ status: 400, messages: 5 });
    const rows = await w.rows();
    expect(Object.fromEntries(rows.map((r) => [r.recipient_email, r.delivery_status]))).toEqual({
      'admin1@example.com': 'sent',
      'admin2@example.com': 'sent',
      'nobody@invalid.example': 'failed',
      'admin4@example.com': 'sent',
      'admin5@example.com': 'sent',
    });
    const failed = rows.find((r) => r.delivery_status === 'failed')!;
    expect(failed.error).toContain('mj-0013');
    expect(failed.mailjet_message_id).toBeNull();

    const notifications = await eventually(() => w.notifications(), (n) => n.length >= 5, 20_000, 'five notification events');
    expect(notifications.filter((n) => n.type === 'notification.email.sent')).toHaveLength(4);
    expect(notifications.filter((n) => n.type === 'notification.email.failed')).toEqual([
      expect.objectContaining({
        id: `notification.email.failed:${failed.dedup_key}`,
        data: expect.objectContaining({ recipient: 'nobody@invalid.example', emailType: 'payment_failed', error: expect.stringContaining('invalid email') }),
      }),
    ]);

    // a redelivery of the failed fact changes nothing and sends nothing
    const again = await w.publish(events[2], `${events[2].id}#again`);
    await eventually(() => w.acked('payment.failed', again), Boolean, 20_000, 'the replay acked');
    expect(fake.sendRequests()).toHaveLength(1);
  });
});
