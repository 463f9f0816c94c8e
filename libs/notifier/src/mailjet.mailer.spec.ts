import { LogMailer } from './log.mailer';
import { toMailjetMessage } from './mailjet.mailer';
import type { OutgoingMail } from './outgoing-mail';

const mail: OutgoingMail = {
  dedupKey: 'trial.expired:sub-42:2026-12-08T09:00:00Z',
  emailType: 'trial_expired',
  locale: 'en',
  from: { email: 'billing@example.com', name: 'Billing' },
  to: { email: 'ayse@acme.example', name: 'Ayşe Yılmaz' },
  subject: 'Your Team trial for Acme has ended',
  html: '<p>html</p>',
  text: 'text',
  contentHash: 'abc',
  companyId: 12,
  userId: 7,
};

describe('toMailjetMessage', () => {
  it('sends our HTML and text with the dedup key as CustomID', () => {
    expect(toMailjetMessage(mail)).toEqual({
      From: { Email: 'billing@example.com', Name: 'Billing' },
      To: [{ Email: 'ayse@acme.example', Name: 'Ayşe Yılmaz' }],
      Subject: 'Your Team trial for Acme has ended',
      TextPart: 'text',
      HTMLPart: '<p>html</p>',
      CustomID: mail.dedupKey,
      EventPayload: '{"emailType":"trial_expired","companyId":12}',
    });
  });

  it('sends a mapped type as TemplateID + TemplateLanguage + Variables, without our parts', () => {
    const message = toMailjetMessage({ ...mail, to: { email: 'ops@example.com' }, template: { id: 12345, variables: { companyName: 'Acme' } } });
    expect(message).toMatchObject({ TemplateID: 12345, TemplateLanguage: true, Variables: { companyName: 'Acme' }, To: [{ Email: 'ops@example.com' }] });
    expect(message).not.toHaveProperty('HTMLPart');
    expect(message).not.toHaveProperty('TextPart');
  });
});

describe('LogMailer', () => {
  it('logs one line per mail without the body', async () => {
    const lines: unknown[] = [];
    const mailer = new LogMailer({ log: (line: unknown) => void lines.push(line) });
    expect(await mailer.send(mail)).toEqual({ status: 'sent', messageId: null });
    expect(JSON.stringify(lines)).toContain('trial_expired to ayse@acme.example: Your Team trial for Acme has ended');
    expect(JSON.stringify(lines)).not.toContain('<p>html</p>');
    expect(await mailer.find()).toBeNull();
  });
});
