import type { Client } from 'pg';

export const PLATFORM_TABLES = ['companies', 'users', 'subscriptions', 'workspaces', 'payments', 'invoices', 'email_logs', 'audit_logs'];

export async function columnsOf(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** md5 over every row's text form (the listed columns, or all), and the row count. */
export async function tableChecksum(client: Client, table: string, columns?: readonly string[]): Promise<{ rows: number; md5: string }> {
  const list = columns ? columns.map((c) => client.escapeIdentifier(c)).join(', ') : '*';
  const { rows } = await client.query<{ rows: string; md5: string }>(
    `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM (SELECT ${list} FROM ${client.escapeIdentifier(table)}) t`,
  );
  return { rows: Number(rows[0].rows), md5: rows[0].md5 };
}

/** Columns (type, length, nullability, default) and constraints, named-independent, of the public schema. */
export async function schemaSnapshot(client: Client, tables?: readonly string[]): Promise<{ columns: string[]; constraints: string[]; indexes: string[] }> {
  const filter = tables ?? null;
  const columns = await client.query<{ line: string }>(
    `SELECT format('%s.%s %s(%s) null=%s default=%s', table_name, column_name, data_type, character_maximum_length, is_nullable, column_default) AS line
     FROM information_schema.columns
     WHERE table_schema = 'public' AND ($1::text[] IS NULL OR table_name = ANY($1))
     ORDER BY table_name, column_name`,
    [filter],
  );
  const constraints = await client.query<{ line: string }>(
    `SELECT format('%s %s %s', conrelid::regclass, contype, pg_get_constraintdef(oid)) AS line
     FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND ($1::text[] IS NULL OR conrelid::regclass::text = ANY($1))
     ORDER BY 1`,
    [filter],
  );
  const indexes = await client.query<{ line: string }>(
    `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND ($1::text[] IS NULL OR tablename = ANY($1)) ORDER BY 1`,
    [filter],
  );
  return { columns: columns.rows.map((r) => r.line), constraints: constraints.rows.map((r) => r.line), indexes: indexes.rows.map((r) => r.line) };
}
