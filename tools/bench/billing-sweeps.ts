import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { billingSettings, createBillingSweeps, PromSweepMetrics, type BillingSweep, type SweepSummary } from '@lifecycle/billing';
import { databaseEnv, loadEnv } from '@lifecycle/config';
import { tickId } from '@lifecycle/contracts';
import { createDataSource, ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { SystemClock } from '@lifecycle/time';
import { bulkSeed } from './bulk-seed';

// Not a test: times each billing sweep over a large seeded database and prints the figures.
// npm run build && node dist/tools/bench/billing-sweeps.js --subscriptions 100000

const DAY = 86_400_000;
// Asked of the lead as a migration (docs/billing.md, "Indexes"): renewal reminders look up each
// subscription's latest successful payment, and payments has no index on subscription_id.
const PROPOSED_INDEXES = ['CREATE INDEX IF NOT EXISTS payments_subscription_id_status_idx ON payments (subscription_id, status)'];
const NOW = new Date('2026-12-01T09:00:00Z');

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '100000' },
    'batch-size': { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    'proposed-indexes': { type: 'boolean', default: false },
  },
});
const count = Number(values.subscriptions);
const batchSize = Number(values['batch-size']);
const env = loadEnv('bench', z.object(databaseEnv));
const url = new URL(env.DATABASE_URL);
url.pathname = `/lifecycle_bench_${Date.now().toString(36)}`;
const databaseUrl = url.toString();

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const dataSource = await createDataSource(databaseUrl, { poolSize: 4, applicationName: 'billing-bench' }).initialize();
  try {
    let started = performance.now();
    // 3 in 4 trials, 1 in 4 paid (half of them with a payment), 1 in 50 companies without an admin; ends over ±30 days
    await bulkSeed((sql, params) => dataSource.query(sql, params), { count, base: NOW, spreadMs: 30 * DAY, activeEvery: 4, noAdminEvery: 50 });
    if (values['proposed-indexes']) for (const sql of PROPOSED_INDEXES) await dataSource.query(sql);
    await dataSource.query('ANALYZE');
    log(`proposed indexes: ${values['proposed-indexes'] ? 'created' : 'not created (pass --proposed-indexes)'}`);
    log(`seeded ${count} companies, admins and subscriptions in ${seconds(started)} s (database ${url.pathname.slice(1)})`);

    const warnings: string[] = [];
    const sweeps = createBillingSweeps({
      manager: dataSource.manager,
      clock: new SystemClock(),
      settings: billingSettings({ batchSize }),
      metrics: new PromSweepMetrics(new Registry()),
      logger: { log: () => undefined, warn: (m) => void warnings.push(m) },
    });
    const runs: [BillingSweep, Date][] = [
      ['trial-reminders', NOW],
      ['renewal-reminders', new Date(NOW.getTime() + 3_600_000)],
      ['trial-expiry', new Date(NOW.getTime() + 3_600_000)],
    ];
    log(`batch size ${batchSize}; "rows" = candidate rows read, "written" = events (and expiries) written`);
    for (const pass of ['first run', 'same tick again']) {
      for (const [sweep, at] of runs) {
        started = performance.now();
        const summary = await sweeps.run(sweep, { now: at, tickId: tickId(sweep, at) });
        report(pass, summary, (performance.now() - started) / 1000);
      }
    }
    log(`${warnings.length} warning lines (bad rows are named up to 20 per sweep)`);
  } finally {
    await dataSource.destroy();
    if (!values.keep) await dropDatabase();
  }
}

function report(pass: string, s: SweepSummary, elapsed: number): void {
  const written = s.emitted + (s.sweep === 'trial-expiry' ? s.expired : 0);
  const skipped = Object.entries(s.skipped).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  log(
    `${pass.padEnd(15)} ${s.sweep.padEnd(17)} ${elapsed.toFixed(2).padStart(6)} s  ` +
      `${String(s.scanned).padStart(6)} rows (${rate(s.scanned, elapsed)} rows/s)  ` +
      `${String(s.emitted).padStart(6)} events, ${String(s.expired).padStart(6)} expired (${rate(written, elapsed)} written/s)  ` +
      `${s.batches} batches, skipped: ${skipped}`,
  );
}

async function dropDatabase(): Promise<void> {
  const server = new URL(databaseUrl);
  const name = server.pathname.slice(1);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

const rate = (n: number, s: number) => (s > 0 ? Math.round(n / s) : 0).toLocaleString('en-US').padStart(7);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`billing-sweeps: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
