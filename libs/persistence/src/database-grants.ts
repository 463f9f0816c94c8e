import { Client } from 'pg';
import { MIGRATIONS_TABLE } from './migrations';

/**
 * What the services may do in the database, in one place (ARCHITECTURE.md, "Deployment, scale and
 * trust"): the services run as a role with these table privileges and nothing else (no DDL, no ownership,
 * no other table of the platform); `lifecyclectl migrate` runs as the owner and can grant them
 * (`migrate --grant ROLE`, `lifecyclectl grants ROLE`). docs/operations.md, "Database role", shows the SQL.
 */
type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

const READ: Privilege[] = ['SELECT'];
const ALL: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

export const SERVICE_TABLE_PRIVILEGES: Readonly<Record<string, readonly Privilege[]>> = {
  // The platform's tables (platform-schema.md): read what the lifecycle needs, write only its own facts.
  companies: READ,
  users: READ,
  subscriptions: ['SELECT', 'UPDATE'], // status, period end (billing)
  workspaces: ['SELECT', 'UPDATE'], // status, last_stopped_at (workspace-guard)
  payments: ['SELECT', 'INSERT', 'UPDATE'], // retries and their outcomes (billing)
  invoices: ['SELECT', 'INSERT'], // issued once, never changed
  email_logs: ALL, // the notifier's ledger; data-retention deletes past EVIDENCE_RETENTION
  audit_logs: ['SELECT', 'INSERT', 'DELETE'], // written, never changed; data-retention deletes
  // This product's own tables.
  outbox_events: ALL,
  processed_messages: ALL,
  clock_slots: ALL,
  health_issues: ALL,
  health_check_runs: ALL,
  invoice_counters: ALL,
  workspace_guard_state: ALL,
  workspace_suspensions: ALL,
  payment_outcome_inquiries: ALL,
  paytr_forwards: ALL,
  // A service refuses to start on an older schema: it reads which migrations ran.
  [MIGRATIONS_TABLE]: READ,
};

const IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

function quoteRole(role: string): string {
  if (!IDENTIFIER.test(role)) throw new Error(`role name ${JSON.stringify(role)}: use lowercase letters, digits and "_", starting with a letter or "_"`);
  return `"${role}"`;
}

/**
 * The statements that give `role` exactly the services' privileges on the connected database: first every
 * privilege it had on the schema's tables and sequences is revoked, so a narrowed map narrows the role.
 * The sequences are those behind the columns of the tables it may insert into.
 */
export async function serviceGrantStatements(client: Client, role: string): Promise<string[]> {
  const who = quoteRole(role);
  const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
  const tables = Object.keys(SERVICE_TABLE_PRIVILEGES);
  const { rows: present } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)`,
    [tables],
  );
  const missing = tables.filter((t) => !present.some((p) => p.name === t));
  if (missing.length) throw new Error(`tables missing (run \`lifecyclectl migrate\` first): ${missing.join(', ')}`);
  const insertable = tables.filter((t) => SERVICE_TABLE_PRIVILEGES[t].includes('INSERT'));
  const { rows: sequences } = await client.query<{ seq: string }>(
    `SELECT DISTINCT s.relname AS seq FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
      WHERE d.deptype IN ('a', 'i') AND t.relname = ANY($1) ORDER BY 1`,
    [insertable],
  );
  return [
    `GRANT CONNECT ON DATABASE "${database}" TO ${who}`,
    `GRANT USAGE ON SCHEMA public TO ${who}`,
    `REVOKE CREATE ON SCHEMA public FROM ${who}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${who}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${who}`,
    ...tables.map((table) => `GRANT ${SERVICE_TABLE_PRIVILEGES[table].join(', ')} ON TABLE "${table}" TO ${who}`),
    ...sequences.map(({ seq }) => `GRANT USAGE, SELECT ON SEQUENCE "${seq}" TO ${who}`),
  ];
}

/** Applies the services' grants to `role` in one transaction, as the owner of the tables. */
export async function applyServiceGrants(databaseUrl: string, role: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'lifecycle-grants' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) throw new Error(`role ${role} does not exist: CREATE ROLE ${role} LOGIN PASSWORD '…' (as a superuser or a role with CREATEROLE), then grant again`);
    const statements = await serviceGrantStatements(client, role);
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
    return statements;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
