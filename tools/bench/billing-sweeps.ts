import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  billingSettings,
  BILLING_SWEEPS,
  createBillingSweeps,
  PromSweepMetrics,
  type BillingSweep,
  type SweepShard,
  type SweepSummary,
} from '@lifecycle/billing';
import { databaseEnv, loadEnv } from '@lifecycle/config';
import { tickId } from '@lifecycle/contracts';
import { createDataSource, ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { SystemClock } from '@lifecycle/time';
import { bulkSeed } from './bulk-seed';
import { dropBenchDatabase } from './bench-database';

// Not a test: times each billing sweep over a large seeded database and prints the figures.
//   npx swc … && node dist/tools/bench/billing-sweeps.js --subscriptions 100000
// Scale-out (docs/billing.md, "Sharded sweeps"): split one sweep's tick into --shards work items and run
// them by 1, then 2 billing replicas, each a separate Node process with its own connection pool that
// runs --replica-concurrency shards at once (BILLING_SWEEP_SHARD_CONCURRENCY), pulling the next shard
// when one is done, as replicas sharing one durable consumer do:
//   node dist/tools/bench/billing-sweeps.js --subscriptions 1000000 --sweeps none --replicas 1,2 --shards 8
// --database <name> reuses a database an earlier --keep run seeded (its sweep effects are undone first).

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T09:00:00Z');
const AT: Record<BillingSweep, Date> = {
  'trial-reminders': NOW,
  'renewal-reminders': new Date(NOW.getTime() + 3_600_000),
  'trial-expiry': new Date(NOW.getTime() + 3_600_000),
};

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '100000' },
    'batch-size': { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
    sweeps: { type: 'string', default: BILLING_SWEEPS.join(',') },
    replicas: { type: 'string', default: '' },
    shards: { type: 'string', default: '8' },
    'shard-sweep': { type: 'string', default: 'trial-reminders' },
    'replica-concurrency': { type: 'string', default: '2' },
    worker: { type: 'boolean', default: false },
  },
});
const count = Number(values.subscriptions);
const batchSize = Number(values['batch-size']);
const env = loadEnv('bench', z.object(databaseEnv));
const url = new URL(env.DATABASE_URL);
url.pathname = `/${values.database ?? `lifecycle_bench_${Date.now().toString(36)}`}`;
const databaseUrl = url.toString();

function sweepsOn(dataSource: DataSource, shards = 1) {
  return createBillingSweeps({
    manager: dataSource.manager,
    clock: new SystemClock(),
    settings: billingSettings({ batchSize, sweepShards: shards }),
    metrics: new PromSweepMetrics(new Registry()),
    logger: { log: () => undefined, warn: () => undefined },
  });
}

async function main(): Promise<void> {
  if (!values.database) {
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
  }
  const dataSource = await createDataSource(databaseUrl, { poolSize: 4, applicationName: 'billing-bench' }).initialize();
  try {
    const started = performance.now();
    if (values.database) {
      await undoSweeps(dataSource);
      log(`reusing ${url.pathname.slice(1)}: sweep effects undone, VACUUM ANALYZE in ${seconds(started)} s`);
    } else {
      // 3 in 4 trials, 1 in 4 paid (half of them with a payment), 1 in 50 companies without an admin; ends over ±30 days
      await bulkSeed((sql, params) => dataSource.query(sql, params), { count, base: NOW, spreadMs: 30 * DAY, activeEvery: 4, noAdminEvery: 50 });
      await dataSource.query('ANALYZE');
      log(`seeded ${count} companies, admins and subscriptions in ${seconds(started)} s (database ${url.pathname.slice(1)})`);
    }
    const sweeps = sweepsOn(dataSource);
    const runs = values.sweeps === 'none' ? [] : (values.sweeps.split(',') as BillingSweep[]);
    log(`batch size ${batchSize}; "rows" = candidate rows read, "written" = events (and expiries) written`);
    for (const pass of ['first run', 'same tick again']) {
      for (const sweep of runs) {
        const t0 = performance.now();
        const summary = await sweeps.run(sweep, { now: AT[sweep], tickId: tickId(sweep, AT[sweep]) });
        report(pass, summary, (performance.now() - t0) / 1000);
      }
    }
    if (values.replicas) await scaleOut(dataSource, values.replicas.split(',').map(Number));
  } finally {
    await dataSource.destroy();
    if (!values.keep && !values.database) await dropBenchDatabase(databaseUrl);
  }
}

/** The same sweep, split into shards, run by 1, 2, … replica processes; its effects undone before each. */
async function scaleOut(dataSource: DataSource, replicaCounts: number[]): Promise<void> {
  const sweep = values['shard-sweep'] as BillingSweep;
  const shards = Number(values.shards);
  const concurrency = Number(values['replica-concurrency']);
  const tick = { now: AT[sweep], tickId: tickId(sweep, AT[sweep]) };
  log(`scale-out: ${sweep}, ${shards} shards, each replica a separate process running ${concurrency} shard(s) at once`);
  const figures: { replicas: number; seconds: number; scanned: number }[] = [];
  for (const replicas of replicaCounts) {
    await undoSweeps(dataSource);
    const split = await sweepsOn(dataSource, shards).splitSweep.execute(sweep, tick);
    const workers = await Promise.all(Array.from({ length: replicas }, () => startWorker()));
    const t0 = performance.now();
    const summaries = await runShards(workers, split.shards, concurrency, sweep, tick);
    const elapsed = (performance.now() - t0) / 1000;
    workers.forEach((w) => w.kill());
    const scanned = summaries.reduce((n, s) => n + s.scanned, 0);
    const emitted = summaries.reduce((n, s) => n + s.emitted, 0);
    const expired = summaries.reduce((n, s) => n + s.expired, 0);
    const perShard = summaries.map((s) => `${s.shard!.index + 1}:${s.scanned}/${s.durationSeconds.toFixed(1)}s`).join(' ');
    log(
      `${String(replicas).padStart(2)} replica(s): ${elapsed.toFixed(2).padStart(7)} s  ${scanned} rows (${rate(scanned, elapsed)} rows/s)  ` +
        `${emitted} events, ${expired} expired; split ${split.durationSeconds.toFixed(2)} s; shards (rows/time) ${perShard}`,
    );
    figures.push({ replicas, seconds: elapsed, scanned });
  }
  const base = figures[0];
  for (const f of figures.slice(1)) log(`speed-up ${f.replicas} vs ${base.replicas} replica(s): ${(base.seconds / f.seconds).toFixed(2)}x`);
}

function startWorker(): Promise<ChildProcess> {
  const args = ['--worker', '--database', url.pathname.slice(1), '--batch-size', String(batchSize)];
  const child = fork(__filename, args, { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

/** Hands the shards out like a work queue: each replica gets the next one when it has a free slot. */
async function runShards(
  workers: ChildProcess[],
  shards: SweepShard[],
  concurrency: number,
  sweep: BillingSweep,
  tick: { now: Date; tickId: string },
): Promise<SweepSummary[]> {
  const queue = [...shards];
  const summaries: SweepSummary[] = [];
  const slot = async (worker: ChildProcess): Promise<void> => {
    for (let shard = queue.shift(); shard; shard = queue.shift()) {
      const id = `${shard.index}`;
      const done = new Promise<SweepSummary>((resolve) => {
        const onMessage = (m: { id: string; summary: SweepSummary }) => {
          if (m.id !== id) return;
          worker.off('message', onMessage);
          resolve(m.summary);
        };
        worker.on('message', onMessage);
      });
      worker.send({ id, sweep, tick: { now: tick.now.toISOString(), tickId: tick.tickId, shard } });
      summaries.push(await done);
    }
  };
  await Promise.all(workers.flatMap((w) => Array.from({ length: concurrency }, () => slot(w))));
  return summaries;
}

/** A replica: its own pool and use cases, running the shards its parent sends. */
async function worker(): Promise<void> {
  const dataSource = await createDataSource(databaseUrl, { poolSize: 4, applicationName: 'billing-bench-replica' }).initialize();
  const sweeps = sweepsOn(dataSource);
  process.on('message', (m: { id: string; sweep: BillingSweep; tick: { now: string; tickId: string; shard: SweepShard } }) => {
    void sweeps.run(m.sweep, { ...m.tick, now: new Date(m.tick.now) }).then(
      (summary) => process.send!({ id: m.id, summary }),
      (error: unknown) => {
        process.stderr.write(`replica: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
  process.send!('ready');
}

/** Back to the seeded state: no events, no audit rows, no split ticks, every expired trial a trial again; then VACUUM ANALYZE. */
async function undoSweeps(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE outbox_events, audit_logs, processed_messages`);
  await dataSource.query(`UPDATE subscriptions SET status = 'trial' WHERE status = 'expired'`);
  await dataSource.query(`VACUUM ANALYZE`);
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

const rate = (n: number, s: number) => (s > 0 ? Math.round(n / s) : 0).toLocaleString('en-US').padStart(7);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const log = (line: string) => process.stdout.write(`${line}\n`);

(values.worker ? worker() : main()).catch((error: unknown) => {
  process.stderr.write(`billing-sweeps: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
