import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { z } from 'zod';
import { databaseEnv, loadEnv, natsEnv } from '@lifecycle/config';
import { createEnvelope, STREAMS, trialExpiredId, type Envelope } from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { freePort } from '../../libs/testing/src/free-port';
import { bulkSeed } from './bulk-seed';
import { dropBenchDatabase } from './bench-database';

// Not a test: workspace stops/s of the workspace-guard app (database driver) fed `trial.expired` events on JetStream.
// npm run build && node dist/tools/bench/workspace-guard.js --events 5000 [--concurrency n] [--pool n] [--cpu-prof dir] [--keep]
// Companies have 1–3 workspaces (company i: 1 + i % 3); 1 in 5 workspaces is not running; 1 in 7 companies has
// one more workspace that is already suspended (left alone). Every event is published before the app starts.

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    /** GUARD_CONCURRENCY of the app; its default when absent. */
    concurrency: { type: 'string' },
    /** DATABASE_POOL_SIZE of the app; its default when absent. */
    pool: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const events = Number(values.events);
const env = loadEnv('bench', z.object({ ...databaseEnv, ...natsEnv }));
const GUARD_MAIN = join(__dirname, '..', '..', 'apps', 'workspace-guard', 'src', 'main.js');
const EXPIRED_AT = '2026-12-08T09:00:00.000Z';

async function main(): Promise<void> {
  const id = Date.now().toString(36);
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/lifecycle_bench_guard_${id}`;
  const databaseUrl = url.toString();
  const ns = new Namespace(`benchg${id}`);
  log(`workspace-guard bench: ${events} trial.expired events, GUARD_CONCURRENCY ${values.concurrency ?? 'default'}, ` +
    `DATABASE_POOL_SIZE ${values.pool ?? 'default'}, database lifecycle_bench_guard_${id}, Node ${process.version}`);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const nc = await connectNats({ url: env.NATS_URL, name: 'workspace-guard-bench' });
  const jsm = await jetstreamManager(nc);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  let child: ChildProcess | null = null;
  try {
    await provisionStreams(jsm, ns, STREAMS);
    const expected = await seed(db);
    log(`seeded ${events} companies, ${expected.workspaces} workspaces to suspend (${expected.running} running), ${expected.suspended} already suspended`);
    const subscriptions = await db.query<{ id: number; company_id: number }>(`SELECT id, company_id FROM subscriptions ORDER BY id`);
    await publish(jetstream(nc), ns, subscriptions.rows);

    const port = await freePort();
    const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
    const started = performance.now();
    child = spawn(process.execPath, [...profile, GUARD_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        NATS_URL: env.NATS_URL,
        LIFECYCLE_NAMESPACE: ns.value,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        WORKSPACE_DRIVER: 'database',
        ...(values.concurrency ? { GUARD_CONCURRENCY: values.concurrency } : {}),
        ...(values.pool ? { DATABASE_POOL_SIZE: values.pool } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    let dead: number | null | undefined;
    void exited.then((code) => (dead = code));
    let first: number | null = null;
    let last = performance.now();
    let lastReport = performance.now();
    let counts = await count(db);
    while (counts.processed < events) {
      if (dead !== undefined) throw new Error(`workspace-guard exited (${dead})`);
      if (performance.now() - started > 3_600_000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await count(db);
      if (next.stopped > counts.stopped) {
        first ??= performance.now();
        last = performance.now();
      }
      counts = next;
      if (performance.now() - lastReport > 10_000) {
        log(`  … ${counts.stopped} workspaces suspended, ${counts.processed} events handled`);
        lastReport = performance.now();
      }
    }
    const end = performance.now();
    const cpuSeconds = processCpuSeconds(child.pid);
    child.kill('SIGTERM');
    await exited;
    await check(db, expected);
    const seconds = (last - (first ?? last)) / 1000;
    const total = (end - started) / 1000;
    log(`first stop ${(((first ?? end) - started) / 1000).toFixed(1)} s after the start of the process`);
    log(`workspaces suspended: ${counts.stopped} over ${seconds.toFixed(1)} s (first to last) = ${Math.round(counts.stopped / seconds)} stops/s; ` +
      `${events} events in ${total.toFixed(1)} s from process start = ${Math.round(events / total)} events/s`);
    if (cpuSeconds !== null) log(`workspace-guard process CPU (user + system): ${cpuSeconds.toFixed(1)} s of ${total.toFixed(1)} s (boot included)`);
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    for (const stream of STREAMS) await jsm.streams.delete(ns.stream(stream.name)).catch(() => undefined);
    await nc.close();
    if (!values.keep) await dropBenchDatabase(databaseUrl);
  }
}

interface Expected {
  workspaces: number;
  running: number;
  suspended: number;
}

async function seed(db: Client): Promise<Expected> {
  const query = (sql: string, params?: unknown[]) => db.query(sql, params);
  await bulkSeed(query, { count: events, base: new Date(EXPIRED_AT), spreadMs: 0, prefix: 'wg' });
  await db.query(`UPDATE subscriptions SET status = 'expired'`);
  await db.query(
    `INSERT INTO workspaces (name, subdomain, linux_username, port, code_server_password, status, is_running, last_started_at,
                             company_id, owner_id, created_at, updated_at)
     SELECT 'ws' || k, c.subdomain || '-' || k, 'u' || c.id || '_' || k, 20000 + c.id * 4 + k, 'not-a-password',
            CASE WHEN k = 3 THEN 'suspended' ELSE 'active' END,
            k < 3 AND (c.id + k) % 5 <> 0, c.created_at, c.id, u.id, c.created_at, c.created_at
     FROM companies c
     JOIN LATERAL (SELECT id FROM users WHERE company_id = c.id ORDER BY id LIMIT 1) u ON true
     CROSS JOIN LATERAL generate_series(0, 3) AS k
     WHERE k < 1 + c.id % 3 OR (k = 3 AND c.id % 7 = 0)`,
  );
  const { rows } = await db.query<Expected>(
    `SELECT count(*) FILTER (WHERE status = 'active')::int AS workspaces,
            count(*) FILTER (WHERE status = 'active' AND is_running)::int AS running,
            count(*) FILTER (WHERE status = 'suspended')::int AS suspended
       FROM workspaces`,
  );
  await db.query('VACUUM ANALYZE');
  return rows[0];
}

async function publish(js: ReturnType<typeof jetstream>, ns: Namespace, subscriptions: { id: number; company_id: number }[]): Promise<void> {
  const window = 1_000;
  for (let start = 0; start < subscriptions.length; start += window) {
    const acks: Promise<unknown>[] = [];
    for (const s of subscriptions.slice(start, start + window)) {
      const envelope = trialExpired(s.id, s.company_id);
      acks.push(js.publish(ns.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id }));
    }
    await Promise.all(acks);
  }
}

function trialExpired(subscriptionId: number, companyId: number): Envelope<'trial.expired'> {
  return createEnvelope('trial.expired', {
    id: trialExpiredId(subscriptionId, EXPIRED_AT),
    source: 'billing',
    correlationId: `trial-expiry@${EXPIRED_AT}`,
    occurredAt: EXPIRED_AT,
    data: {
      subscriptionId,
      companyId,
      companyName: `Company ${companyId}`,
      plan: 'team',
      trialEndedAt: EXPIRED_AT,
      admin: { userId: 1, email: `admin${companyId}@example.com`, fullName: `Admin ${companyId}`, locale: 'en' },
    },
  });
}

async function count(db: Client): Promise<{ stopped: number; processed: number }> {
  const { rows } = await db.query<{ stopped: number; processed: number }>(
    `SELECT (SELECT count(*) FROM workspace_suspensions)::int AS stopped,
            (SELECT count(*) FROM processed_messages WHERE consumer = 'workspace-guard')::int AS processed`,
  );
  return rows[0];
}

async function check(db: Client, expected: Expected): Promise<void> {
  const { rows } = await db.query<{ active: number; suspended: number; running: number; stopped: number; audit: number; events: number; last_stopped: number }>(
    `SELECT (SELECT count(*) FROM workspaces WHERE status = 'active')::int AS active,
            (SELECT count(*) FROM workspaces WHERE status = 'suspended')::int AS suspended,
            (SELECT count(*) FROM workspaces WHERE is_running)::int AS running,
            (SELECT count(*) FROM workspace_suspensions WHERE was_running)::int AS stopped,
            (SELECT count(*) FROM audit_logs WHERE action_type = 'workspace_suspended')::int AS audit,
            (SELECT count(*) FROM outbox_events WHERE subject = 'workspace.stopped')::int AS events,
            (SELECT count(*) FROM workspaces WHERE last_stopped_at IS NOT NULL)::int AS last_stopped`,
  );
  const r = rows[0];
  const problems: string[] = [];
  if (r.active !== 0) problems.push(`${r.active} workspaces still active`);
  if (r.suspended !== expected.workspaces + expected.suspended) problems.push(`${r.suspended} suspended, expected ${expected.workspaces + expected.suspended}`);
  if (r.running !== 0) problems.push(`${r.running} still running`);
  if (r.stopped !== expected.running || r.last_stopped !== expected.running) problems.push(`${r.stopped} recorded as running, ${r.last_stopped} with last_stopped_at; ${expected.running} ran`);
  if (r.audit !== expected.workspaces) problems.push(`${r.audit} audit rows for ${expected.workspaces} workspaces`);
  if (r.events !== expected.workspaces) problems.push(`${r.events} workspace.stopped events for ${expected.workspaces} workspaces`);
  if (problems.length > 0) throw new Error(`check failed: ${problems.join('; ')}`);
  log(`checked: every workspace suspended once, with its audit row and workspace.stopped; last_stopped_at on exactly the ${expected.running} that ran`);
}

/** utime + stime of a process from /proc (clock ticks of 10 ms); null where /proc is absent. */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
