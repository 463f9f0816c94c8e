import { createEnvelope, EVENT_SAMPLES, type Locale } from '@lifecycle/contracts';
import { MAIL_SUBJECTS, type MailEnvelope, type MailSubject } from './email-types';
import { MailComposer } from './mail-composer';
import { planMail } from './mail-plan';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateError } from './mail.errors';
import { MailTemplates, TEMPLATE_DIR } from './mail-templates';
import { notifierSettings } from './notifier.settings';
import type { OutgoingMail } from './outgoing-mail';

const settings = notifierSettings({
  from: { email: 'billing@example.com', name: 'Example Billing' },
  opsAlert: { to: 'ops@example.com', locale: 'en' },
  links: { billing: 'https://app.example.com/billing', upgrade: 'https://app.example.com/billing/upgrade?from=mail&x=1' },
  timeZone: 'UTC',
});

function envelope<S extends MailSubject>(subject: S, locale: Locale, data: Partial<MailEnvelope['data']> = {}): MailEnvelope {
  const sample = EVENT_SAMPLES[subject] as Record<string, unknown>;
  const admin = 'admin' in sample ? { ...(sample.admin as object), locale, fullName: 'Ayşe Yılmaz' } : undefined;
  return createEnvelope(subject, {
    id: `${subject}:test`,
    source: subject.startsWith('health.') ? 'health' : 'billing',
    correlationId: 'tick-1',
    occurredAt: '2026-12-01T09:00:00Z',
    data: { ...sample, ...(admin ? { admin } : {}), ...data } as never,
  }) as MailEnvelope;
}

describe('mail templates', () => {
  let templates: MailTemplates;
  let composer: MailComposer;

  beforeAll(async () => {
    templates = await MailTemplates.load();
    composer = new MailComposer(templates, settings);
  });

  function mail(event: MailEnvelope, opsLocale: Locale = 'en'): OutgoingMail {
    const plan = planMail(event, { ...settings, opsAlert: { ...settings.opsAlert, locale: opsLocale } });
    if (!plan) throw new Error('no plan');
    return composer.compose(plan);
  }

  /** Every fact must be in both parts; the HTML escapes only what HTML needs. */
  function expectFacts(m: OutgoingMail, facts: string[]): void {
    for (const fact of facts) {
      expect(m.text).toContain(fact);
      expect(m.html).toContain(fact.replaceAll('&', '&amp;'));
    }
    for (const part of [m.subject, m.text, m.html]) expect(part).not.toMatch(/\{\{|\}\}/);
  }

  it.each(MAIL_SUBJECTS.flatMap((s) => (['en', 'tr'] as const).map((l) => [s, l] as const)))(
    '%s (%s) renders a responsive HTML document with a title, a preheader and a text part',
    (subject, locale) => {
      const m = mail(envelope(subject, locale), locale);
      expect(m.html).toMatch(/^<!doctype html>/i);
      expect(m.html).toContain(`<html lang="${locale}"`);
      expect(m.html).toContain('@media only screen and (min-width:480px)');
      expect(m.html).toContain(`<title>${m.subject.replaceAll('&', '&amp;')}</title>`);
      expect(m.html).not.toContain('fonts.googleapis.com');
      expect(m.text.length).toBeGreaterThan(100);
      expect(m.contentHash).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('trial.expiring states the end date, the plan and where to upgrade', () => {
    const en = mail(envelope('trial.expiring', 'en', { daysBefore: 3, trialEndsAt: '2026-12-08T09:00:00Z' }));
    expect(en.subject).toBe('Your Team trial for Acme ends on December 8, 2026');
    expectFacts(en, ['Hello Ayşe Yılmaz', 'December 8, 2026 at 9:00 AM (UTC)', 'in 3 days', 'Team', 'Acme', 'https://app.example.com/billing/upgrade?from=mail&x=1']);
    expect(en.text).toContain('workspaces are stopped');

    const tr = mail(envelope('trial.expiring', 'tr', { daysBefore: 1, trialEndsAt: '2026-12-08T09:00:00Z' }));
    expect(tr.subject).toBe('Acme için Ekip deneme süreniz 8 Aralık 2026 tarihinde bitiyor');
    expectFacts(tr, ['Merhaba Ayşe Yılmaz', '8 Aralık 2026 09:00 (UTC)', 'yaklaşık bir gün sonra', 'Ekip', 'https://app.example.com/billing/upgrade']);
  });

  it('trial.expired says the workspaces are stopped and how to get them back', () => {
    const en = mail(envelope('trial.expired', 'en'));
    expect(en.subject).toBe('Your Team trial for Acme has ended');
    expectFacts(en, ['December 8, 2026 at 9:00 AM (UTC)', 'Your workspaces have been stopped', 'https://app.example.com/billing/upgrade']);
    const tr = mail(envelope('trial.expired', 'tr'));
    expect(tr.subject).toBe('Acme için Ekip deneme süreniz sona erdi');
    expectFacts(tr, ['8 Aralık 2026 09:00 (UTC)', 'Çalışma alanlarınız durduruldu']);
  });

  it('renewal.upcoming states the amount with its currency and the renewal date', () => {
    const en = mail(envelope('renewal.upcoming', 'en', { amount: 2900, currency: 'USD', periodEndsAt: '2026-12-04T10:00:00Z' }));
    expect(en.subject).toBe('Your Team subscription for Acme renews on December 4, 2026');
    expectFacts(en, ['$29.00', 'December 4, 2026 at 10:00 AM (UTC)', 'in 3 days', 'https://app.example.com/billing']);
    const tr = mail(envelope('renewal.upcoming', 'tr', { amount: 125000, currency: 'TRY', periodEndsAt: '2026-12-04T10:00:00Z' }));
    expect(tr.subject).toBe('Acme için Ekip aboneliğiniz 4 Aralık 2026 tarihinde yenileniyor');
    expectFacts(tr, ['₺1.250,00', '4 Aralık 2026 10:00 (UTC)', '3 gün sonra']);
  });

  it('payment.failed states the attempt, the reason and the next retry, or that none is left', () => {
    const en = mail(envelope('payment.failed', 'en', { amount: 2900, currency: 'EUR', attempt: 2, maxAttempts: 4, nextRetryAt: '2026-12-02T14:00:00Z', reason: 'Insufficient funds' }));
    expect(en.subject).toBe('Payment of €29.00 for Acme failed');
    expectFacts(en, ['€29.00', '2 of 4', 'Insufficient funds', 'we will try again on December 2, 2026 at 2:00 PM (UTC)', 'https://app.example.com/billing']);
    const last = mail(envelope('payment.failed', 'en', { attempt: 4, maxAttempts: 4, nextRetryAt: null }));
    expectFacts(last, ['this was the last attempt', 'suspended']);
    expect(last.text).toContain('Next attempt:  none');

    const tr = mail(envelope('payment.failed', 'tr', { amount: 2900, currency: 'USD', attempt: 1, maxAttempts: 4, nextRetryAt: '2026-12-02T14:00:00Z' }));
    expect(tr.subject).toBe('Acme için $29,00 tutarındaki ödeme alınamadı');
    expectFacts(tr, ['$29,00', '1 / 4', '2 Aralık 2026 14:00 (UTC) tarihinde yeniden deneyeceğiz']);
    const trLast = mail(envelope('payment.failed', 'tr', { attempt: 4, maxAttempts: 4, nextRetryAt: null }));
    expectFacts(trLast, ['bu son denemeydi']);
    expect(trLast.text).toContain('Sonraki deneme:  yok');
  });

  it('payment.failed without a stored card is a payment request: pay in the app, no charge was tried', () => {
    const en = mail(envelope('payment.failed', 'en', { amount: 2900, currency: 'EUR', attempt: 2, maxAttempts: 4, nextRetryAt: '2026-12-02T14:00:00Z', payInApp: true }));
    expect(en.subject).toBe('Payment of €29.00 for Acme is due');
    expectFacts(en, ['is due', 'no stored card to charge', 'pay it in the app', 'remind you again', 'Pay now', 'https://app.example.com/billing']);
    expect(en.text).not.toContain('We could not charge');
    expect(en.html).not.toContain('Update payment method');
    const last = mail(envelope('payment.failed', 'en', { attempt: 4, maxAttempts: 4, nextRetryAt: null, payInApp: true }));
    expectFacts(last, ['this was the last reminder', 'suspended']);
    const tr = mail(envelope('payment.failed', 'tr', { amount: 2900, currency: 'USD', attempt: 2, maxAttempts: 4, nextRetryAt: '2026-12-02T14:00:00Z', payInApp: true }));
    expect(tr.subject).toBe('Acme için $29,00 tutarındaki ödemenin vadesi geldi');
    expectFacts(tr, ['ödemeyi uygulamadan yapın', 'Şimdi öde']);
  });

    it('payment.succeeded states the amount, the invoice and the paid period', () => {
    const en = mail(envelope('payment.succeeded', 'en'));
    expect(en.subject).toBe('Payment received: $29.00 (INV-2026-00042)');
    expectFacts(en, ['$29.00', 'INV-2026-00042', 'January 1, 2027']);
    const tr = mail(envelope('payment.succeeded', 'tr'));
    expect(tr.subject).toBe('Ödemeniz alındı: $29,00 (INV-2026-00042)');
    expectFacts(tr, ['$29,00', 'INV-2026-00042', '1 Ocak 2027']);
  });

  it('subscription.suspended and .reactivated state the reason and what happens to the workspaces', () => {
    const suspended = mail(envelope('subscription.suspended', 'en', { reason: 'payment retries exhausted' }));
    expect(suspended.subject).toBe('Your Team subscription for Acme is suspended');
    expectFacts(suspended, ['payment retries exhausted', 'your workspaces have been stopped', 'https://app.example.com/billing']);
    const askida = mail(envelope('subscription.suspended', 'tr'));
    expect(askida.subject).toBe('Acme için Ekip aboneliğiniz askıya alındı');
    expectFacts(askida, ['çalışma alanlarınız durduruldu']);

    const reactivated = mail(envelope('subscription.reactivated', 'en', { reason: 'paid in the platform' }));
    expect(reactivated.subject).toBe('Your Team subscription for Acme is active again');
    expectFacts(reactivated, ['paid in the platform', 'your workspaces are being started again']);
    const etkin = mail(envelope('subscription.reactivated', 'tr'));
    expect(etkin.subject).toBe('Acme için Ekip aboneliğiniz yeniden etkin');
    expectFacts(etkin, ['çalışma alanlarınız yeniden başlatılıyor']);
  });

  it('health alerts go to OPS_ALERT_EMAIL in its locale, and are skipped without it', () => {
    const raised = mail(envelope('health.alert.raised', 'en'));
    expect(raised.to).toEqual({ email: 'ops@example.com' });
    expect(raised.subject).toBe('[WARNING] workspace.running_while_suspended on workspace:3');
    expectFacts(raised, ['main runs although Acme is suspended', 'workspace-health', 'December 1, 2026 at 8:15 AM (UTC)']);
    const resolved = mail(envelope('health.alert.resolved', 'tr'), 'tr');
    expect(resolved.subject).toBe('[ÇÖZÜLDÜ] workspace:3 üzerinde workspace.running_while_suspended');
    expectFacts(resolved, ['Sorun giderildi', '1 Aralık 2026 08:30 (UTC)', 'UYARI']);

    expect(planMail(envelope('health.alert.raised', 'en'), { ...settings, opsAlert: { to: null, locale: 'en' } })).toBeNull();
  });

  it('escapes what the data brings into HTML, and leaves the text part and subject verbatim', () => {
    const m = mail(envelope('subscription.suspended', 'en', { companyName: 'Smith & <Sons>', reason: '"card" <declined>' }));
    expect(m.subject).toBe('Your Team subscription for Smith & <Sons> is suspended');
    expect(m.text).toContain('"card" <declined>');
    expect(m.html).toContain('&quot;card&quot; &lt;declined&gt;');
    expect(m.html).not.toContain('<declined>');
  });

  it('sends a mapped type as a Mailjet template with the view as variables', () => {
    const mapped = new MailComposer(templates, { ...settings, templateIds: { trial_expired: 12345 } });
    const plan = planMail(envelope('trial.expired', 'tr'), settings);
    const m = mapped.compose(plan!);
    expect(m.template).toEqual({ id: 12345, variables: expect.objectContaining({ companyName: 'Acme', planName: 'Ekip', locale: 'tr' }) });
    expect(m.contentHash).not.toBe(composer.compose(plan!).contentHash);
  });

  it('renders the same bytes for the same event (the content hash is stable across retries)', () => {
    const event = envelope('renewal.upcoming', 'en');
    expect(mail(event).contentHash).toBe(mail(event).contentHash);
  });
});

describe('MailTemplates.load', () => {
  it('names every template that is missing or whose MJML does not validate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'templates-'));
    try {
      await cp(TEMPLATE_DIR, dir, { recursive: true });
      await writeFile(join(dir, 'trial_expired.tr.mjml'), '<mjml><mj-body><mj-section><mj-text>no column</mj-text></mj-section></mj-body></mjml>');
      await rm(join(dir, 'renewal_reminder.en.mjml'));
      const error = await MailTemplates.load(dir).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TemplateError);
      expect(String((error as Error).message)).toMatch(/trial_expired\.tr: [^\n]*\n[^\n]*mj-text cannot be used inside mj-section/);
      expect(String((error as Error).message)).toMatch(/renewal_reminder\.en: .*ENOENT/);
      expect(String((error as Error).message)).not.toMatch(/trial_expired\.en/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
