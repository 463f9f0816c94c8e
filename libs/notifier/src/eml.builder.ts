import { createHash } from 'node:crypto';
import type { MailAddress, OutgoingMail } from './outgoing-mail';

const CRLF = '\r\n';

/** RFC 5322 message, multipart/alternative with the text and the HTML part (base64, UTF-8). */
export function buildEml(mail: OutgoingMail, date: Date): string {
  const id = createHash('sha256').update(mail.dedupKey).digest('hex');
  const boundary = `=_lifecycle_${id.slice(0, 24)}`;
  const headers = [
    `Date: ${rfc5322Date(date)}`,
    `From: ${formatAddress(mail.from)}`,
    `To: ${formatAddress(mail.to)}`,
    `Subject: ${encodeWords(mail.subject)}`,
    `Message-ID: <${id.slice(0, 32)}@lifecycle.invalid>`,
    `X-Lifecycle-Dedup-Key: ${encodeWords(mail.dedupKey)}`,
    `X-Lifecycle-Email-Type: ${mail.emailType}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join(CRLF);
  return [...headers, '', part('text/plain', mail.text), part('text/html', mail.html), `--${boundary}--`, ''].join(CRLF);
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function formatAddress(address: MailAddress): string {
  if (!address.name) return `<${address.email}>`;
  const name = /^[\x20-\x7e]*$/.test(address.name) ? `"${address.name.replace(/["\\]/g, '\\$&')}"` : encodeWords(address.name);
  return `${name} <${address.email}>`;
}

/** RFC 2047 encoded-words (at most 75 characters each, folded) for header text that is not plain ASCII. */
function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && text.length <= 900) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}
