import { knownSecrets } from '@lifecycle/config';

/**
 * What keeps secrets out of log lines (ARCHITECTURE.md: no log line carries a secret), in two layers:
 * - by key, at any depth of a logged object: a field whose name says it holds a secret is censored;
 * - by value, over the whole written line: every secret value the process loaded from its environment
 *   (libs/config secrets.ts), in plain and JSON-escaped form, and the password of any URL.
 */

export const CENSOR = '[redacted]';

/** Key names (lower-cased, without `_` and `-`) that hold a secret; PayTR's utoken/ctoken are stored-card tokens. */
const SECRET_KEY = /(password|passwd|pass|secret|token|salt|authorization|cookie|apikey|merchantkey|passwordhash)$/;

/** Deeper than this, a logged object is written as it is (the value scrubber still covers it). */
const MAX_DEPTH = 10;

/** `scheme://user:password@host` anywhere in a string. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*:)([^\s@/"]+)@/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[_-]/g, ''));
}

/** The logged object with every secret-named field censored, at any depth; the input is not changed. */
export function redactKeys(value: unknown, depth = 0, ancestors = new Set<object>()): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || ancestors.has(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  // Errors, requests and other instances go to their serializers as they are.
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactKeys(item, depth + 1, ancestors));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = isSecretKey(key) ? CENSOR : redactKeys(item, depth + 1, ancestors);
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/** One written log line with every known secret value and URL password replaced. */
export function scrubLine(line: string): string {
  let out = line.replace(URL_PASSWORD, `$1${CENSOR}@`);
  for (const secret of knownSecrets()) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (out.includes(form)) out = out.split(form).join(CENSOR);
    }
  }
  return out;
}
