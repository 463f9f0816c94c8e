// Not a test: times dunning over a large seeded database and prints the figures (docs/dunning.md, "Benchmark").
// npm run build && node -r ./libs/persistence/test/swc-register.js test/dunning/dunning.bench.ts [count] [batch]
import { Registry } from 'prom-client';
import { billingSettings, createDunning, dunningSettings, PromDunningMetrics, type Dunning } from '@lifecycle/billing';
import { tickId } from '@lifecycle/contracts';
import { FakeGateway, FakeGatewayScript, MemoryLedger } from '@lifecycle/payments';
import { createDataSource, ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { FakeClock } from '@lifecycle/time';

const count = Number(process.argv[2] ?? 10_000);
const batchSize = Number(process.argv[3] ?? 1000);
const F = new Date('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifecycle');
url.pathname = `/lifecycle_dunning_bench_${Date.now().toString(36)}`;

async function main(): Promise<void> {
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  const dataSource = await createDataSource(url.toString(), { poolSize: 4, applicationName: 'dunning-bench' }).initialize();
  const q = (sql: string, params: unknown[] = []) => dataSource.query(sql, params);
  const base = F;
  await q(`INSERT INTO companies (name, subdomain, plan, status, max_workspaces, preferred_currency, created_at, updated_at)
           SELECT 'bench-' || i, 'bench' || i, 'team', 'active', 1, 'USD', $2::timestamp - interval '90 days', $2::timestamp - interval '90 days'
           FROM generate_series(1, $1::int) AS i`, [count, base]);
  await q(`INSERT INTO users (email, full_name, role, is_active, company_id, password_hash, created_at, updated_at)
           SELECT 'admin-' || c.subdomain || '@example.com', 'Admin ' || c.subdomain, 'admin', true, c.id, 'x', c.created_at, c.created_at FROM companies c`);
  await q(`INSERT INTO subscriptions (company_id, plan, status, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at)
           SELECT c.id, 'team', 'active', $1::timestamp - interval '30 days', $1::timestamp, false, c.created_at, c.created_at FROM companies c`, [base]);
  // three months of paid history per subscription, then this period's failed renewal
  await q(`INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode, created_at, completed_at, updated_at)
           SELECT s.company_id, s.id, 'HIST' || s.id || 'M' || m, 2900, 'USD', 'team', 'success', 'recurring', true,
                  $1::timestamp - m * interval '30 days', $1::timestamp - m * interval '30 days', $1::timestamp - m * interval '30 days'
           FROM subscriptions s, generate_series(1, 3) AS m`, [base]);
  await q(`INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, failure_reason_code,
                                 failure_reason_message, test_mode, created_at, updated_at)
           SELECT s.company_id, s.id, 'FAIL' || s.id, 2900, 'USD', 'team', 'failed', 'recurring', '0', 'insufficient funds', true, $1, $1 FROM subscriptions s`, [base]);
  await q('ANALYZE');

  // every third company's card keeps failing
  const { 0: range } = await q(`SELECT min(id)::int AS lo, max(id)::int AS hi FROM companies`);
  const rules: string[] = [];
  for (let id = range.lo; id <= range.hi; id++) if (id % 3 === 0) rules.push(`company:${id}=fail*`);
  const clock = new FakeClock(F);
  const registry = new Registry();
  const logger = { log: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
  const dunning: Dunning = createDunning({
    manager: dataSource.manager,
    clock,
    settings: billingSettings({ batchSize }),
    dunning: dunningSettings(),
    gateway: new FakeGateway(FakeGatewayScript.parse(rules.join(';')), new MemoryLedger()),
    paytrCallback: null,
    metrics: new PromDunningMetrics(registry),
    logger,
  });

  const time = async <T>(label: string, rows: (r: T) => number, run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    const n = rows(result);
    console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${String(n).padStart(7)} rows  ${Math.round(n / seconds).toLocaleString('en').padStart(7)} rows/s`);
    return result;
  };
  console.log(`${count} subscriptions with a failed renewal, ${3 * count} older payments, batch ${batchSize}`);
  clock.set(new Date(F.getTime() + 60_000));
  await time('detection (enter dunning, events)', (s) => s.entered, () => dunning.detection.execute());
  await time('detection again (nothing new)', (s) => s.scanned, () => dunning.detection.execute());
  for (const [label, at] of [['retry 1 at +6 h (2/3 succeed: invoices)', 6], ['retry 2 at +30 h (the rest fail again)', 30], ['retry 3 at +102 h (exhausted: suspended)', 102]] as const) {
    const when = new Date(F.getTime() + at * HOUR);
    clock.set(new Date(when.getTime() + 60_000));
    await time(label, (s) => s.claimed, () => dunning.paymentRetry.execute({ now: when, tickId: tickId('payment-retry', when) }));
  }
  const [{ invoices }] = await q(`SELECT count(*)::int AS invoices FROM invoices`);
  const [{ suspended }] = await q(`SELECT count(*)::int AS suspended FROM subscriptions WHERE status = 'suspended'`);
  const [{ events }] = await q(`SELECT count(*)::int AS events FROM outbox_events`);
  console.log(`${invoices} invoices, ${suspended} suspended, ${events} events in the outbox`);
  await dataSource.destroy();
  if (!process.argv.includes('--keep')) {
    const admin = new URL(url.toString());
    admin.pathname = '/postgres';
    const { Client } = await import('pg');
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
