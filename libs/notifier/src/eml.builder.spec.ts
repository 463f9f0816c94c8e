import { buildEml } from './eml.builder';
import type { OutgoingMail } from './outgoing-mail';

const mail: OutgoingMail = {
  dedupKey: 'trial.expired:sub-42:2026-12-08T09:00:00Z',
  emailType: 'trial_expired',
  locale: 'tr',
  from: { email: 'billing@example.com', name: 'Example "Billing"' },
  to: { email: 'ayse@acme.example', name: 'Ayşe Yılmaz' },
  subject: 'Acme için Ekip deneme süreniz sona erdi — ve bu konu satırı uzun, çok uzun, katlanması gereken kadar uzun',
  html: '<p>Merhaba Ayşe</p>',
  text: 'Merhaba Ayşe',
  contentHash: 'x',
  companyId: 12,
  userId: 7,
};

function decodeWords(header: string): string {
  return header
    .replace(/\r\n /g, '')
    .replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

describe('buildEml', () => {
  const eml = buildEml(mail, new Date('2026-12-08T09:00:05Z'));
  const [head, body] = eml.split('\r\n\r\n', 2);

  it('writes RFC 5322 headers, encoding what is not ASCII and folding long ones', () => {
    expect(head).toContain('Date: Tue, 08 Dec 2026 09:00:05 +0000');
    expect(head).toContain('From: "Example \\"Billing\\"" <billing@example.com>');
    expect(decodeWords(head)).toContain(`Subject: ${mail.subject}`);
    expect(decodeWords(head)).toContain('To: Ayşe Yılmaz <ayse@acme.example>');
    expect(head.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(head.match(/=\?UTF-8\?B\?[^?]+\?=/g)!.every((word) => word.length <= 75)).toBe(true);
    expect(head).toMatch(/Content-Type: multipart\/alternative; boundary="=_lifecycle_[0-9a-f]{24}"/);
  });

  it('carries the text and the HTML part, base64 in UTF-8', () => {
    const parts = eml.split(/--=_lifecycle_[0-9a-f]{24}/);
    expect(parts).toHaveLength(4);
    const decode = (part: string) => Buffer.from(part.split('\r\n\r\n')[1].replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(parts[1]).toContain('Content-Type: text/plain; charset=utf-8');
    expect(decode(parts[1])).toBe('Merhaba Ayşe');
    expect(parts[2]).toContain('Content-Type: text/html; charset=utf-8');
    expect(decode(parts[2])).toBe('<p>Merhaba Ayşe</p>');
    expect(parts[3]).toBe('--\r\n');
    expect(body).toBeDefined();
  });
});
