/** Runs one SQL statement; a pg Pool's or a TypeORM DataSource's `query` fits. */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export interface BulkSeedOptions {
  count: number;
  /** Trial and period ends are spread evenly (pseudo-randomly, by row number) over base ± spreadMs. */
  base: Date;
  spreadMs: number;
  /** Every n-th subscription is an active paid one (every other one with a successful payment); 0: none. */
  activeEvery?: number;
  /** Every n-th company has no admin; 0: none. */
  noAdminEvery?: number;
  /** Makes names unique when seeding twice into one database. */
  prefix?: string;
}

const rows = `generate_series(1, $1::int) AS i JOIN companies c ON c.subdomain = $2 || i`;
// A permutation of 0..count-1 (7919 is prime), scaled onto [-spread, +spread] seconds.
const offset = `((i::bigint * 7919) % $1::int) * (2 * $4::float8 / $1::int) - $4::float8`;

/**
 * Companies, admins, subscriptions and payments in four set-based statements (generate_series), for
 * tests and the benchmark that need thousands of rows.
 */
export async function bulkSeed(query: Query, o: BulkSeedOptions): Promise<void> {
  const prefix = o.prefix ?? 'bulk';
  const spreadSeconds = Math.round(o.spreadMs / 1000);
  const activeEvery = o.activeEvery ?? 0;
  await query(
    `INSERT INTO companies (name, subdomain, plan, status, max_workspaces, preferred_currency, created_at, updated_at)
     SELECT $2 || '-' || i, $2 || i, (ARRAY['starter','team','enterprise'])[1 + i % 3], 'active', 1,
            (ARRAY['USD','EUR','TRY'])[1 + (i / 3) % 3], $3::timestamp - interval '60 days', $3::timestamp - interval '60 days'
     FROM generate_series(1, $1::int) AS i`,
    [o.count, prefix, o.base],
  );
  await query(
    `INSERT INTO users (email, full_name, role, is_active, company_id, password_hash, created_at, updated_at)
     SELECT 'admin-' || c.subdomain || '@example.com', 'Admin ' || c.subdomain, 'admin', true, c.id, 'not-a-hash', c.created_at, c.created_at
     FROM ${rows}
     WHERE $3::int = 0 OR i % $3::int <> 0`,
    [o.count, prefix, o.noAdminEvery ?? 0],
  );
  await query(
    `INSERT INTO subscriptions (company_id, plan, status, trial_starts_at, trial_ends_at, current_period_start, current_period_end,
                                cancel_at_period_end, created_at, updated_at)
     SELECT c.id, c.plan, s.status,
            CASE WHEN s.status = 'trial' THEN s.ends_at - interval '14 days' END, CASE WHEN s.status = 'trial' THEN s.ends_at END,
            CASE WHEN s.status = 'active' THEN s.ends_at - interval '30 days' END, CASE WHEN s.status = 'active' THEN s.ends_at END,
            false, c.created_at, c.created_at
     FROM ${rows},
          LATERAL (SELECT CASE WHEN $5::int > 0 AND i % $5::int = 0 THEN 'active' ELSE 'trial' END AS status,
                          $3::timestamp + (${offset}) * interval '1 second' AS ends_at) AS s`,
    [o.count, prefix, o.base, spreadSeconds, activeEvery],
  );
  if (activeEvery > 0) {
    await query(
      `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode,
                             created_at, completed_at, updated_at)
       SELECT c.id, s.id, $2 || '-pay-' || i, 2900, c.preferred_currency, c.plan, 'success', 'recurring', true,
              s.current_period_start, s.current_period_start, s.current_period_start
       FROM ${rows} JOIN subscriptions s ON s.company_id = c.id
       WHERE s.status = 'active' AND i % (2 * $3::int) = 0`,
      [o.count, prefix, activeEvery],
    );
  }
}
