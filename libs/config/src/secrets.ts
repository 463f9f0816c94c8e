/**
 * The secrets this process knows: the values of its secret variables and the passwords inside its URL
 * variables. `loadEnv` remembers them; the logger scrubs them from every line (libs/observability).
 */

/** A variable is secret by its name: *_PASS, *_PASSWORD, *_SECRET, *_TOKEN, *_KEY, *_SALT. */
const SECRET_VARIABLE = /(^|_)(PASS|PASSWORD|SECRET|TOKEN|KEY|SALT)$/;

/** Shorter values are not scrubbed by value (they would mangle ordinary text); key-based redaction still applies. */
export const MIN_SCRUBBED_SECRET_LENGTH = 4;

const known = new Set<string>();

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/** The secret values among parsed variables: secret variables whole, URL variables' passwords. */
export function secretValuesOf(env: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value === '') continue;
    if (isSecretVariable(name)) values.push(value);
    values.push(...urlPasswords(value));
  }
  return values.filter((v) => v.length >= MIN_SCRUBBED_SECRET_LENGTH);
}

/** Passwords in one or more comma-separated URLs (`postgres://u:pw@h/db`, `nats://a:b@h1,nats://c:d@h2`). */
function urlPasswords(value: string): string[] {
  if (!value.includes('://')) return [];
  return value.split(',').flatMap((part) => {
    try {
      const password = new URL(part.trim()).password;
      return password ? [password, decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  });
}

export function rememberSecrets(values: Iterable<string>): void {
  for (const value of values) if (value.length >= MIN_SCRUBBED_SECRET_LENGTH) known.add(value);
}

/** Every secret value this process has loaded, longest first (so a secret containing another is scrubbed whole). */
export function knownSecrets(): string[] {
  return [...known].sort((a, b) => b.length - a.length);
}
