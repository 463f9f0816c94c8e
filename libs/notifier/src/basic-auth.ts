import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Whether an `Authorization: Basic …` header carries exactly these credentials (constant time). */
export function basicAuthMatches(header: string | undefined, expected: { user: string; password: string }): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return false;
  // Both compared, whatever the first outcome: no early exit that times the user name.
  const user = timingSafeEqual(digest(decoded.slice(0, separator)), digest(expected.user));
  const password = timingSafeEqual(digest(decoded.slice(separator + 1)), digest(expected.password));
  return user && password;
}
