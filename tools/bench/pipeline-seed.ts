import { bulkSeed, type Query } from './bulk-seed';

const DAY = 86_400_000;

/**
 * The data set, set-based: companies with admins, trials ending over the next 30 days (and two
 * days already past), paid periods (1 in 4, half with a successful payment), failed payments (1 in 40),
 * and one running workspace per company with an admin (database driver).
 */
export async function seedPipeline(query: Query, count: number, start: Date): Promise<void> {
  await bulkSeed(query, { count, base: new Date(start.getTime() + 14 * DAY), spreadMs: 16 * DAY, activeEvery: 4, noAdminEvery: 50, prefix: 'pb' });
  await query(
    `INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode,
                           created_at, updated_at)
     SELECT s.company_id, s.id, 'pb-failed-' || s.id, 2900, 'USD', s.plan, 'failed', 'recurring', true,
            $1::timestamp - interval '2 days', $1::timestamp - interval '2 days'
     FROM subscriptions s WHERE s.status = 'active' AND s.id % 40 = 1`,
    [start],
  );
  await query(
    `INSERT INTO workspaces (name, subdomain, linux_username, port, code_server_password, status, is_running, last_started_at,
                             company_id, owner_id, created_at, updated_at)
     SELECT 'main', c.subdomain, 'ws' || c.id, 20000 + c.id, 'not-a-password', 'active', true, c.created_at,
            c.id, u.id, c.created_at, c.created_at
     FROM companies c JOIN users u ON u.company_id = c.id AND u.role = 'admin'
     WHERE c.subdomain LIKE 'pb%'`,
  );
}
