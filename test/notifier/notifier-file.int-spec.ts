import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileMailer, MailComposer, MailTemplates, notifierSettings, planMail } from '@lifecycle/notifier';
import { FakeClock } from '@lifecycle/time';
import { event, eventually, notifierWorld, type World } from './notifier.harness';

describe('notifier with MAIL_TRANSPORT=file (the default)', () => {
  let world: World;

  beforeAll(async () => {
    world = await notifierWorld({ OPS_ALERT_EMAIL: 'ops@example.com', OPS_ALERT_LOCALE: 'tr', MAIL_FROM_NAME: 'Acme Faturalandırma' });
  });

  afterAll(() => world?.close());

  const files = (suffix: string) => readdirSync(world.mailDir).filter((f) => f.endsWith(suffix));

  it('writes each mail as .eml and .html, lists them in index.html, and goes through the same ledger', async () => {
    const suspended = event('subscription.suspended', { reason: 'payment retries exhausted' });
    const alert = event('health.alert.raised', { severity: 'critical' });
    await world.publish(suspended);
    const seq = await world.publish(suspended, `${suspended.id}#again`);
    await eventually(() => world.acked('subscription.suspended', seq), Boolean, 20_000, 'both deliveries acked');
    await world.publish(alert);
    await eventually(() => world.row(alert.id), (r) => r?.delivery_status === 'sent', 20_000, 'the alert written');
    const index = await eventually(
      () => (existsSync(join(world.mailDir, 'index.html')) ? readFileSync(join(world.mailDir, 'index.html'), 'utf8') : ''),
      (html) => html.includes('(2)'),
      10_000,
      'index.html listing both mails',
    );

    expect(files('.eml')).toHaveLength(2);
    expect(files('.html').filter((f) => f !== 'index.html')).toHaveLength(2);
    const emlName = files('.eml').find((f) => f.includes('-subscription_suspended-'))!;
    expect(emlName).toMatch(/^\d{8}T\d{6}-\d{3}Z-subscription_suspended-[0-9a-f]{16}\.eml$/);
    const eml = readFileSync(join(world.mailDir, emlName), 'utf8');
    expect(eml).toContain(`To: =?UTF-8?B?${Buffer.from('Ayşe Yılmaz').toString('base64')}?= <ayse@acme.example>`);
    expect(eml).toContain('Content-Type: multipart/alternative;');
    expect(eml).toContain(`X-Lifecycle-Dedup-Key: ${suspended.id}`);
    const text = Buffer.from(eml.split('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n')[1].split('\r\n--')[0].replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(text).toContain('payment retries exhausted');

    expect(index).toContain('Acme için Ekip aboneliğiniz askıya alındı');
    expect(index).toContain('[KRİTİK] workspace:3 üzerinde workspace.running_while_suspended');
    expect(index.indexOf(alert.id)).toBeLessThan(index.indexOf(suspended.id)); // newest first

    const rows = await world.rows();
    expect(rows.map((r) => [r.email_type, r.recipient_email, r.delivery_status, r.mailjet_message_id])).toEqual(
      expect.arrayContaining([
        ['subscription_suspended', 'ayse@acme.example', 'sent', null],
        ['ops_alert_raised', 'ops@example.com', 'sent', null],
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it('after a crash between writing and recording, finds the written mail and does not write it again', async () => {
    const expired = event('trial.expired');
    await world.pool.query(
      `INSERT INTO email_logs ("timestamp", email_type, recipient_email, sent_at, delivery_status, dedup_key, last_attempt_at)
       VALUES (now(), 'trial_expired', 'ayse@acme.example', now(), 'pending', $1, now())`,
      [expired.id],
    );
    // the file of the unfinished attempt, written as the notifier writes it
    const before = files('.eml').length;
    await world.stop();
    const composer = new MailComposer(await MailTemplates.load(), notifierSettings());
    await new FileMailer(world.mailDir, new FakeClock('2026-12-01T09:00:00Z')).send(composer.compose(planMail(expired, notifierSettings())!));
    await world.start();

    const seq = await world.publish(expired);
    await eventually(() => world.acked('trial.expired', seq), Boolean, 20_000, 'the event acked');
    expect(await world.row(expired.id)).toMatchObject({ delivery_status: 'sent' });
    expect(files('.eml')).toHaveLength(before + 1);
  });
});
