import type { Pool } from 'pg';

export interface CompanySeed {
  plan?: 'starter' | 'team' | 'enterprise';
  currency?: 'USD' | 'EUR' | 'TRY';
  status: string;
  trialStartsAt?: Date | null;
  trialEndsAt?: Date | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  cancelAtPeriodEnd?: boolean;
  createdAt: Date;
  /** Whether the company has an active admin. */
  admin: boolean;
  workspaces: number;
  workspacesRunning: boolean;
}

export interface SeededCompany extends CompanySeed {
  companyId: number;
  subscriptionId: number;
  adminId: number | null;
  adminEmail: string | null;
  workspaceIds: number[];
}

const CHUNK = 5_000;

/** Companies, admins, subscriptions and workspaces from plain rows, set-based (unnest), in chunks. */
export async function seedCompanies(pool: Pool, seeds: readonly CompanySeed[], prefix = 'c'): Promise<SeededCompany[]> {
  const out: SeededCompany[] = [];
  for (let start = 0; start < seeds.length; start += CHUNK) out.push(...(await seedChunk(pool, seeds.slice(start, start + CHUNK), `${prefix}${start}-`)));
  return out;
}

async function seedChunk(pool: Pool, seeds: readonly CompanySeed[], prefix: string): Promise<SeededCompany[]> {
  const keys = seeds.map((_, i) => `${prefix}${i}`);
  const col = <T>(f: (s: CompanySeed) => T) => seeds.map(f);
  const companies = await pool.query<{ id: number; subdomain: string }>(
    `INSERT INTO companies (name, subdomain, plan, status, max_workspaces, preferred_currency, created_at, updated_at)
     SELECT 'Company ' || k, k, p, 'active', 5, cur, ca, ca FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[]) AS t(k, p, cur, ca)
     RETURNING id, subdomain`,
    [keys, col((s) => s.plan ?? 'team'), col((s) => s.currency ?? 'USD'), col((s) => s.createdAt)],
  );
  const companyId = new Map(companies.rows.map((r) => [r.subdomain, r.id]));
  const ids = keys.map((k) => companyId.get(k)!);

  const users = await pool.query<{ id: number; company_id: number; role: string; email: string }>(
    `INSERT INTO users (email, full_name, role, is_active, company_id, password_hash, created_at, updated_at)
     SELECT CASE WHEN a THEN 'admin-' ELSE 'member-' END || k || '@chaos.example', 'Admin ' || k, CASE WHEN a THEN 'admin' ELSE 'member' END,
            true, c, 'not-a-hash', ca, ca
     FROM unnest($1::text[], $2::int[], $3::bool[], $4::timestamp[]) AS t(k, c, a, ca)
     RETURNING id, company_id, role, email`,
    [keys, ids, col((s) => s.admin), col((s) => s.createdAt)],
  );
  const userOf = new Map(users.rows.map((r) => [r.company_id, r]));

  const subscriptions = await pool.query<{ id: number; company_id: number }>(
    `INSERT INTO subscriptions (company_id, plan, status, trial_starts_at, trial_ends_at, current_period_start, current_period_end,
                                cancel_at_period_end, created_at, updated_at)
     SELECT * , ca FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::timestamp[], $7::timestamp[], $8::bool[], $9::timestamp[])
       AS t(c, p, st, ts, te, ps, pe, cap, ca)
     RETURNING id, company_id`,
    [
      ids,
      col((s) => s.plan ?? 'team'),
      col((s) => s.status),
      col((s) => s.trialStartsAt ?? null),
      col((s) => s.trialEndsAt ?? null),
      col((s) => s.periodStart ?? null),
      col((s) => s.periodEnd ?? null),
      col((s) => s.cancelAtPeriodEnd ?? false),
      col((s) => s.createdAt),
    ],
  );
  const subscriptionOf = new Map(subscriptions.rows.map((r) => [r.company_id, r.id]));

  const wsCompany: number[] = [];
  const wsOwner: number[] = [];
  const wsName: string[] = [];
  const wsRunning: boolean[] = [];
  seeds.forEach((s, i) => {
    for (let w = 0; w < s.workspaces; w++) {
      wsCompany.push(ids[i]);
      wsOwner.push(userOf.get(ids[i])!.id);
      wsName.push(`${keys[i]}w${w}`);
      wsRunning.push(s.workspacesRunning);
    }
  });
  const workspaces = await pool.query<{ id: number; company_id: number }>(
    `INSERT INTO workspaces (name, subdomain, linux_username, port, code_server_password, status, is_running, disk_quota_gb,
                             company_id, owner_id, created_at, updated_at)
     SELECT n, n, 'u' || replace(n, '-', '_'), (SELECT COALESCE(MAX(port), 20000) FROM workspaces) + ord, 'not-a-real-password', 'active', r, 10, c, o, now(), now()
     FROM unnest($1::text[], $2::int[], $3::int[], $4::bool[]) WITH ORDINALITY AS t(n, c, o, r, ord)
     RETURNING id, company_id`,
    [wsName, wsCompany, wsOwner, wsRunning],
  );
  const workspacesOf = new Map<number, number[]>();
  for (const w of workspaces.rows) workspacesOf.set(w.company_id, [...(workspacesOf.get(w.company_id) ?? []), w.id]);

  return seeds.map((s, i) => {
    const user = userOf.get(ids[i])!;
    return {
      ...s,
      companyId: ids[i],
      subscriptionId: subscriptionOf.get(ids[i])!,
      adminId: s.admin ? user.id : null,
      adminEmail: s.admin ? user.email : null,
      workspaceIds: (workspacesOf.get(ids[i]) ?? []).sort((a, b) => a - b),
    };
  });
}
