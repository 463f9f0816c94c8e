export interface PgDumpConnection {
  /** The connection URI without its password: argv is visible to every user of the host (ps). */
  uri: string;
  /** Passed as PGPASSWORD in pg_dump's environment; undefined when the URL has none (PGPASSWORD or ~/.pgpass may). */
  password?: string;
}

export function pgDumpConnection(databaseUrl: string): PgDumpConnection {
  const url = new URL(databaseUrl);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  return { uri: url.toString(), ...(password !== undefined && { password }) };
}

/** Replaces every occurrence of the secret (raw and URL-encoded) by `***`. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return [secret, encodeURIComponent(secret)].reduce((out, s) => out.split(s).join('***'), text);
}
