import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { z } from 'zod';
import { CLOCK_CONTROL, requestClock } from '@lifecycle/clock';
import { databaseEnv, loadEnv, natsEnv, SERVICE_NODE_OPTIONS } from '@lifecycle/config';
import { STREAMS } from '@lifecycle/contracts';
import { connectNats, Namespace } from '@lifecycle/messaging';
import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { freePort } from '../../libs/testing/src/free-port';
import { startFakeMailjet } from '../../libs/testing/src/fake-mailjet.server';
import { rawInsertRate, rawPublishRate, relayDrainRate, type Baseline } from './pipeline-baselines';
import { stageChart } from './pipeline-chart';
import { ActivitySampler, cpuSeconds, cpuSecondsOf, peakRate } from './pipeline-figures';
import { seedPipeline } from './pipeline-seed';
import { dropBenchDatabase } from './bench-database';

// Not a test: one simulated day through the five services as real processes over a seeded data set.
// npm run build && node dist/tools/bench/pipeline.js --subscriptions 100000 [--out docs] [--keep]

const APPS = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'] as const;
type App = (typeof APPS)[number];
const START = new Date('2026-12-01T00:00:00Z');
const SAMPLE_MS = 500;
const PEAK_WINDOW_S = 5;

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'docs' },
    'timeout-minutes': { type: 'string', default: '120' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-vacuum': { type: 'boolean', default: false },
    /** KEY=VALUE added to every service's environment (repeatable), e.g. --service-env MAIL_IN_FLIGHT=400 */
    'service-env': { type: 'string', multiple: true, default: [] },
  },
});
const count = Number(values.subscriptions);
if (!Number.isInteger(count) || count < 100 || count > 5_000_000) {
  process.stderr.write('pipeline bench: --subscriptions must be a whole number from 100 to 5,000,000\n');
  process.exit(2);
}
const timeoutMs = Number(values['timeout-minutes']) * 60_000;
const env = loadEnv('bench', z.object({ ...databaseEnv, ...natsEnv }));
const id = Date.now().toString(36);
const databaseUrl = (() => {
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/lifecycle_bench_pipe_${id}`;
  return url.toString();
})();
const ns = new Namespace(`benchp${id}`);

interface Service {
  app: App;
  child: ChildProcess;
  port: number;
  tail: string;
  exited: boolean;
  peakRss: number;
}

interface Sample {
  t: number;
  relayed: number;
  mails: number;
  recorded: number;
  stopped: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnService(app: App, extra: Record<string, string>, port: number, onLine?: (line: string) => void): Service {
  const main = join(__dirname, '..', '..', 'apps', app, 'src', 'main.js');
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(values['cpu-prof'], app)] : [];
  const child = spawn(process.execPath, [...profile, main], {
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: SERVICE_NODE_OPTIONS, DATABASE_URL: databaseUrl, NATS_URL: env.NATS_URL, LIFECYCLE_NAMESPACE: ns.value, HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service: Service = { app, child, port, tail: '', exited: false, peakRss: 0 };
  let partial = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    service.tail = (service.tail + text).slice(-8_000);
    if (!onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  child.once('exit', () => (service.exited = true));
  return service;
}

async function waitReady(s: Service, deadline: number): Promise<void> {
  for (;;) {
    if (s.exited) throw new Error(`${s.app} exited while starting:\n${s.tail}`);
    try {
      if ((await fetch(`http://127.0.0.1:${s.port}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${s.app} not ready within 120 s:\n${s.tail}`);
    await sleep(200);
  }
}

function memory(pid: number | undefined): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

async function pending(jsm: JetStreamManager): Promise<number> {
  let n = 0;
  for (const stream of STREAMS) {
    for await (const c of jsm.consumers.list(ns.stream(stream.name))) n += c.num_pending + c.num_ack_pending;
  }
  return n;
}

/**
 * The stage counters, cheap enough to poll every 500 ms at a million subscriptions: counting the sent
 * outbox rows or the sent mails scans tables of hundreds of thousands of rows (the first 1M run spent a
 * parallel sequential scan of outbox_events on it twice a second). Relayed events are read from
 * JetStream (the last sequence of each of the namespace's streams: every stored message, none twice);
 * sent mails from email_logs only every RECORDED_EVERY-th call.
 */
let recordedCache = 0;
let countCalls = 0;
const RECORDED_EVERY = 10;

async function counts(db: Client, jsm: JetStreamManager, final = false): Promise<{ unsent: number; relayed: number; recorded: number; stopped: number }> {
  const recordedNow = final || countCalls++ % RECORDED_EVERY === 0;
  const { rows } = await db.query<{ unsent: number; recorded: number | null; stopped: number }>(
    `SELECT (SELECT count(*) FROM outbox_events WHERE sent_at IS NULL)::int AS unsent,
            CASE WHEN $1 THEN (SELECT count(*) FROM email_logs WHERE delivery_status = 'sent')::int END AS recorded,
            (SELECT count(*) FROM workspace_suspensions)::int AS stopped`,
    [recordedNow],
  );
  if (rows[0].recorded !== null) recordedCache = rows[0].recorded;
  let relayed = 0;
  for (const stream of STREAMS) {
    try {
      relayed += (await jsm.streams.info(ns.stream(stream.name))).state.last_seq;
    } catch {
      // not created yet
    }
  }
  return { unsent: rows[0].unsent, relayed, recorded: recordedCache, stopped: rows[0].stopped };
}

interface SweepFigure {
  sweep: string;
  runs: number;
  seconds: number;
  scanned: number;
  emitted: number;
  expired: number;
}

function sweepFigures(billingLines: string[], metrics: string): SweepFigure[] {
  const figures = new Map<string, SweepFigure>();
  const figure = (sweep: string) => figures.get(sweep) ?? figures.set(sweep, { sweep, runs: 0, seconds: 0, scanned: 0, emitted: 0, expired: 0 }).get(sweep)!;
  for (const line of billingLines) {
    try {
      const summary = (JSON.parse(line) as { summary?: { sweep?: string; scanned?: number; emitted?: number; expired?: number } }).summary;
      if (!summary?.sweep || summary.scanned === undefined) continue;
      const f = figure(summary.sweep);
      f.scanned += summary.scanned;
      f.emitted += summary.emitted ?? 0;
      f.expired += summary.expired ?? 0;
    } catch {
      // not a JSON log line
    }
  }
  for (const m of metrics.matchAll(/^lifecycle_billing_sweep_duration_seconds_(sum|count)\{[^}]*sweep="([^"]+)"[^}]*\} ([\d.e+-]+)$/gm)) {
    const f = figure(m[2]);
    if (m[1] === 'sum') f.seconds = Number(m[3]);
    else f.runs = Number(m[3]);
  }
  return [...figures.values()].sort((a, b) => a.sweep.localeCompare(b.sweep));
}

const VACUUM_EVERY_MS = 30_000;
const CHURN_TABLES = ['outbox_events', 'email_logs', 'processed_messages'];
let vacuumer: { stop(): Promise<void> } | null = null;

/**
 * A PostgreSQL with `autovacuum = off` (this project's CI machines) never removes the dead rows the
 * queue-like tables pile up during the day, which a production server's autovacuum does. Unless
 * --no-vacuum, the bench stands in for it: VACUUM (ANALYZE) of those tables every 30 s, and says so.
 */
async function standInForAutovacuum(): Promise<string> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'pipeline-bench-vacuum' });
  await client.connect();
  const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0].autovacuum === 'on' || values['no-vacuum']) {
    await client.end();
    const setting = `autovacuum ${rows[0].autovacuum}`;
    log(setting === 'autovacuum on' ? 'autovacuum is on' : 'autovacuum is off and --no-vacuum: dead rows pile up all day');
    return setting;
  }
  log(`autovacuum is off on this server: the bench runs VACUUM (ANALYZE) ${CHURN_TABLES.join(', ')} every ${VACUUM_EVERY_MS / 1000} s in its place`);
  let stopping = false;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (!stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, VACUUM_EVERY_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!stopping) await client.query(`VACUUM (ANALYZE) ${CHURN_TABLES.join(', ')}`).catch((e: Error) => log(`vacuum failed: ${e.message}`));
    }
    await client.end();
  })();
  vacuumer = {
    stop: async () => {
      stopping = true;
      wake();
      await loop;
    },
  };
  return `off; the bench ran VACUUM (ANALYZE) ${CHURN_TABLES.join(', ')} every ${VACUUM_EVERY_MS / 1000} s`;
}

async function main(): Promise<void> {
  log(`pipeline bench: ${fmt(count)} subscriptions, database ${new URL(databaseUrl).pathname.slice(1)}, namespace ${ns.value}, Node ${process.version}`);
  const t = performance.now();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const db = new Client({ connectionString: databaseUrl, application_name: 'pipeline-bench' });
  await db.connect();
  const nc = await connectNats({ url: env.NATS_URL, name: 'pipeline-bench' });
  const fake = await startFakeMailjet({ keepBodies: false });
  const services: Service[] = [];
  const billingLines: string[] = [];
  try {
    await seedPipeline((sql, params) => db.query(sql, params), count, START);
    await db.query('ANALYZE');
    const seeded = (await db.query<{ s: number; t: number; w: number }>(
      `SELECT (SELECT count(*) FROM subscriptions)::int AS s, (SELECT count(*) FROM subscriptions WHERE status = 'trial')::int AS t,
              (SELECT count(*) FROM workspaces WHERE is_running)::int AS w`,
    )).rows[0];
    log(`seeded ${fmt(seeded.s)} subscriptions (${fmt(seeded.t)} trials), ${fmt(seeded.w)} running workspaces in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const jsm = await jetstreamManager(nc);
    const baselineCount = Math.min(200_000, Math.max(5_000, count));
    const payloadBytes = 900;
    const insert = await rawInsertRate(db, baselineCount, payloadBytes);
    log(`baseline PostgreSQL: ${fmt(insert.count)} rows by multi-row INSERT in ${insert.seconds.toFixed(1)} s = ${fmt(insert.perSecond)} rows/s`);
    const publish = await rawPublishRate(nc, ns, baselineCount, payloadBytes);
    const relayDrain = await relayDrainRate(databaseUrl, nc, ns, db, baselineCount, payloadBytes);
    log(`outbox relay alone: ${fmt(relayDrain.count)} committed events published and marked sent in ${relayDrain.seconds.toFixed(1)} s = ${fmt(relayDrain.perSecond)} events/s (${pct(relayDrain.perSecond / publish.perSecond)} of raw publish)`);
    const relaysDrain = await relayDrainRate(databaseUrl, nc, ns, db, baselineCount, payloadBytes, APPS.length);
    log(`outbox relays as deployed (${APPS.length}, one per service): ${fmt(relaysDrain.count)} committed events published and marked sent in ${relaysDrain.seconds.toFixed(1)} s = ${fmt(relaysDrain.perSecond)} events/s (${pct(relaysDrain.perSecond / publish.perSecond)} of raw publish)`);
    log(`baseline JetStream: ${fmt(publish.count)} async publishes (${payloadBytes} B, Nats-Msg-Id, windows of 1000) in ${publish.seconds.toFixed(1)} s = ${fmt(publish.perSecond)} msg/s`);

    const overrides = Object.fromEntries(
      (values['service-env'] ?? []).map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--service-env takes KEY=VALUE, not "${pair}"`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    );
    if (Object.keys(overrides).length) log(`service environment overrides: ${Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const common = { CLOCK_MODE: 'simulated', CLOCK_START: START.toISOString(), PAYMENT_GATEWAY: 'fake', WORKSPACE_DRIVER: 'database', MAIL_TRANSPORT: 'mailjet', MAILJET_API_URL: fake.url, MAILJET_API_KEY: fake.apiKey, MAILJET_API_SECRET: fake.apiSecret, OPS_ALERT_EMAIL: 'ops@example.com', ...overrides };
    for (const app of APPS) {
      const extra = app === 'billing' ? { ...common, LOG_LEVEL: 'info' } : common;
      services.push(spawnService(app, extra, await freePort(), app === 'billing' ? (line) => line.includes('"summary"') && billingLines.push(line) : undefined));
    }
    const readyBy = Date.now() + 120_000;
    for (const s of services) await waitReady(s, readyBy);
    log(`five services ready (${services.map((s) => `${s.app} pid ${s.child.pid}`).join(', ')})`);

    const autovacuum = await standInForAutovacuum();
    const before = await counts(db, jsm, true);
    const cpuBefore = { services: services.map((svc) => cpuSeconds(svc.child.pid)), postgres: cpuSecondsOf('postgres'), nats: cpuSecondsOf('nats-server') };
    // the day's start as a sample: a day shorter than a sampling window still has a rate
    const samples: Sample[] = [{ t: 0, relayed: 0, mails: fake.accepted.length, recorded: before.recorded, stopped: 0 }];
    const pgActivity = new ActivitySampler();
    const t0 = performance.now();
    const wall0 = new Date();
    let lastMailAt = t0;
    let lastStopAt = t0;
    let prev = { mails: 0, stopped: before.stopped };
    let advanced = false;
    let lastExpiryTick = START;
    const advance = requestClock(nc, ns, CLOCK_CONTROL.advance, { duration: '1d' }, timeoutMs).then((reply) => {
      if (!reply.ok) throw new Error(`the clock refused to advance: ${reply.error}`);
      advanced = true;
      for (const tick of reply.ticks) if (tick.schedule === 'trial-expiry' && new Date(tick.scheduledAt) > lastExpiryTick) lastExpiryTick = new Date(tick.scheduledAt);
      log(`clock advanced 1 day: ${reply.ticks.length} ticks, reply after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
    advance.catch(() => undefined);
    let quiet = 0;
    let settled = true;
    let lastPrint = t0;
    while (quiet < 3) {
      const dead = services.find((s) => s.exited);
      if (dead) throw new Error(`${dead.app} exited during the run:\n${dead.tail}`);
      if (performance.now() - t0 > timeoutMs) {
        settled = false;
        log(`NOT SETTLED: the day did not finish within ${values['timeout-minutes']} minutes; the figures below are partial`);
        break;
      }
      await sleep(SAMPLE_MS);
      const now = performance.now();
      const c = await counts(db, jsm, quiet > 0);
      await pgActivity.sample(db);
      const mails = fake.accepted.length;
      if (mails > prev.mails) lastMailAt = now;
      if (c.stopped > prev.stopped) lastStopAt = now;
      prev = { mails, stopped: c.stopped };
      for (const s of services) s.peakRss = Math.max(s.peakRss, memory(s.child.pid).hwm);
      samples.push({ t: (now - t0) / 1000, relayed: c.relayed - before.relayed, mails, recorded: c.recorded, stopped: c.stopped - before.stopped });
      if (now - lastPrint > 5_000) {
        lastPrint = now;
        log(`  ${((now - t0) / 1000).toFixed(0).padStart(5)} s  relayed ${fmt(c.relayed - before.relayed)}, unsent ${fmt(c.unsent)}, mails ${fmt(mails)} (recorded ${fmt(c.recorded)}), workspaces stopped ${fmt(c.stopped - before.stopped)}, RSS ${services.map((s) => `${s.app} ${Math.round(memory(s.child.pid).rss / 2 ** 20)}`).join(' ')} MB`);
      }
      quiet = advanced && c.unsent === 0 && (await pending(jsm)) === 0 && fake.accepted.length === mails ? quiet + 1 : 0;
    }
    if (settled) await advance;
    const settledAt = performance.now();
    const cpu = {
      ...Object.fromEntries(services.map((svc, i) => [svc.app, round1(cpuSeconds(svc.child.pid) - cpuBefore.services[i])])),
      postgres: round1(cpuSecondsOf('postgres') - cpuBefore.postgres),
      'nats-server': round1(cpuSecondsOf('nats-server') - cpuBefore.nats),
    };
    const relay = (await db.query<{ n: number; first: Date; last: Date }>(
      `SELECT count(*)::int AS n, min(sent_at) AS first, max(sent_at) AS last FROM outbox_events WHERE sent_at >= $1`, [wall0],
    )).rows[0];
    const bySubject = (await db.query<{ subject: string; n: number }>(
      `SELECT subject, count(*)::int AS n FROM outbox_events WHERE sent_at >= $1 GROUP BY subject ORDER BY 2 DESC`, [wall0],
    )).rows;
    const billingMetrics = await (await fetch(`http://127.0.0.1:${services[1].port}/metrics`)).text();
    const sweeps = sweepFigures(billingLines, billingMetrics);
    const mailCount = fake.accepted.length;
    const firstMail = fake.accepted.reduce((min, m) => Math.min(min, m.at), Infinity);
    const lastMail = fake.accepted.reduce((max, m) => Math.max(max, m.at), -Infinity);
    const duplicates = mailCount - new Set(fake.accepted.map((m) => m.customId)).size;
    const mailSeconds = mailCount > 1 ? (lastMail - firstMail) / 1000 : 0;
    const relaySeconds = relay.n > 1 ? (relay.last.getTime() - relay.first.getTime()) / 1000 : 0;
    const stopped = samples.at(-1)?.stopped ?? 0;
    const stopSpan = samples.filter((s) => s.stopped > 0);
    const stopSeconds = stopSpan.length > 1 ? stopSpan.at(-1)!.t - stopSpan[0].t + SAMPLE_MS / 1000 : SAMPLE_MS / 1000;
    const endToEnd = (Math.max(lastMailAt, lastStopAt) - t0) / 1000;
    for (const s of services) s.peakRss = Math.max(s.peakRss, memory(s.child.pid).hwm);

    const result = {
      subscriptions: count,
      settled,
      seeded,
      autovacuum,
      startedAt: wall0.toISOString(),
      loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
      baselines: { postgresInsert: insert, jetstreamPublish: publish },
      /** The outbox relay draining a backlog on its own, before the day: its capacity, as opposed to what the day asks of it. */
      relayDrain: { ...relayDrain, ratioToRawPublish: relayDrain.perSecond / publish.perSecond },
      /** The same with one relay per service, as deployed: the pipeline's relay capacity. */
      relaysDrain: { ...relaysDrain, relays: APPS.length, ratioToRawPublish: relaysDrain.perSecond / publish.perSecond },
      sweeps: sweeps.map((s) => ({ ...s, rowsPerSecond: s.seconds > 0 ? s.scanned / s.seconds : 0 })),
      relay: { events: relay.n, seconds: relaySeconds, perSecond: relaySeconds > 0 ? relay.n / relaySeconds : 0, bySubject },
      mails: { accepted: mailCount, requests: fake.sendRequests().length, duplicates, seconds: mailSeconds, perSecond: mailSeconds > 0 ? mailCount / mailSeconds : 0, recorded: samples.at(-1)?.recorded ?? 0 },
      workspaces: { stopped, seconds: stopSeconds, perSecond: stopped / stopSeconds },
      endToEndSeconds: endToEnd,
      settledSeconds: (settledAt - t0) / 1000,
      peakRssMb: Object.fromEntries(services.map((s) => [s.app, Math.round(s.peakRss / 2 ** 20)])),
      /** CPU seconds used during the day, per service and by the servers (all of the machine's postgres and nats-server processes). */
      cpuSeconds: cpu,
      /** What PostgreSQL was busy with: active backends seen per (service, statement), sampled every 500 ms. */
      postgresActivity: pgActivity.top(12),
      /** Best rate over any 5 s window: each stage's throughput while it had work. */
      peaks: {
        relayPerSecond: peakRate(samples, (x) => x.relayed, PEAK_WINDOW_S),
        mailsPerSecond: peakRate(samples, (x) => x.mails, PEAK_WINDOW_S),
        stopsPerSecond: peakRate(samples, (x) => x.stopped, PEAK_WINDOW_S),
      },
      ratios: {
        relayToRawPublish: 0,
        mailsToRawPublish: 0,
        peakRelayToRawPublish: 0,
        peakMailsToRawPublish: 0,
      },
      samples,
    };
    result.ratios.relayToRawPublish = result.relay.perSecond / publish.perSecond;
    result.ratios.mailsToRawPublish = result.mails.perSecond / publish.perSecond;
    result.ratios.peakRelayToRawPublish = result.peaks.relayPerSecond / publish.perSecond;
    result.ratios.peakMailsToRawPublish = result.peaks.mailsPerSecond / publish.perSecond;
    report(result, insert, publish);
    log(`PostgreSQL busy backends, ${fmt(pgActivity.samples)} samples every ${SAMPLE_MS} ms (service, wait, statement: share of samples):`);
    for (const a of result.postgresActivity) log(`  ${a.share.toFixed(2).padStart(5)}  ${a.key}`);

    const out = resolve(values.out ?? 'docs');
    mkdirSync(out, { recursive: true });
    const label = count >= 1_000_000 && count % 1_000_000 === 0 ? `${count / 1_000_000}m` : count % 1000 === 0 ? `${count / 1000}k` : String(count);
    writeFileSync(join(out, `performance-${label}.json`), `${JSON.stringify(result, null, 1)}\n`);
    writeFileSync(join(out, `performance-${label}.svg`), stageChart(result));
    log(`wrote ${join(out, `performance-${label}.json`)} and .svg`);
    if (!settled) throw new Error(`not settled within ${values['timeout-minutes']} minutes (partial figures written)`);
    const problems = await verify(db, result.mails, stopped, lastExpiryTick);
    if (problems.length) throw new Error(`the day's outcome is wrong: ${problems.join('; ')}`);
    log('checked: every expired trial has its workspaces stopped, every accepted mail recorded as sent, no mail sent twice');
  } finally {
    await vacuumer?.stop();
    for (const s of services) if (!s.exited) s.child.kill('SIGTERM');
    await Promise.all(services.map((s) => (s.exited ? undefined : new Promise((r) => s.child.once('exit', r)))));
    for (const stream of STREAMS) await jetstreamManager(nc).then((jsm) => jsm.streams.delete(ns.stream(stream.name))).catch(() => undefined);
    await nc.close();
    await fake.close();
    await db.end();
    if (!values.keep) await dropBenchDatabase(databaseUrl);
  }
}

const pct = (ratio: number) => `${(100 * ratio).toFixed(1)} %`;
const round1 = (n: number) => Math.round(n * 10) / 10;

function report(r: { sweeps: (SweepFigure & { rowsPerSecond: number })[]; relay: { events: number; seconds: number; perSecond: number }; mails: { accepted: number; requests: number; seconds: number; perSecond: number; recorded: number }; workspaces: { stopped: number; seconds: number; perSecond: number }; endToEndSeconds: number; peakRssMb: Record<string, number>; cpuSeconds: Record<string, number>; peaks: { relayPerSecond: number; mailsPerSecond: number; stopsPerSecond: number }; ratios: { relayToRawPublish: number; mailsToRawPublish: number; peakRelayToRawPublish: number; peakMailsToRawPublish: number } }, insert: Baseline, publish: Baseline): void {
  log('');
  log('| sweep | runs | seconds | rows scanned | rows/s | events | expired |');
  log('|---|---|---|---|---|---|---|');
  for (const s of r.sweeps) log(`| ${s.sweep} | ${s.runs} | ${s.seconds.toFixed(2)} | ${fmt(s.scanned)} | ${fmt(s.rowsPerSecond)} | ${fmt(s.emitted)} | ${fmt(s.expired)} |`);
  log('');
  log(`end to end (first tick → last mail accepted and last workspace stopped): ${r.endToEndSeconds.toFixed(1)} s`);
  log(`outbox relay: ${fmt(r.relay.events)} events in ${r.relay.seconds.toFixed(1)} s = ${fmt(r.relay.perSecond)} events/s`);
  log(`mails: ${fmt(r.mails.accepted)} accepted in ${fmt(r.mails.requests)} requests over ${r.mails.seconds.toFixed(1)} s = ${fmt(r.mails.perSecond)} mails/s (${fmt(r.mails.recorded)} recorded as sent)`);
  log(`workspaces stopped: ${fmt(r.workspaces.stopped)} over ${r.workspaces.seconds.toFixed(1)} s = ${fmt(r.workspaces.perSecond)}/s`);
  log(`peak RSS (VmHWM): ${Object.entries(r.peakRssMb).map(([a, mb]) => `${a} ${mb} MB`).join(', ')}`);
  log(`baselines: JetStream ${fmt(publish.perSecond)} msg/s, PostgreSQL ${fmt(insert.perSecond)} rows/s`);
  log(`best 5 s: relay ${fmt(r.peaks.relayPerSecond)} events/s, mails ${fmt(r.peaks.mailsPerSecond)}/s, workspace stops ${fmt(r.peaks.stopsPerSecond)}/s`);
  log(`CPU seconds during the day: ${Object.entries(r.cpuSeconds).map(([p, sec]) => `${p} ${sec}`).join(', ')}`);
  log(`ratios (day average): relay events/s ÷ raw publish = ${pct(r.ratios.relayToRawPublish)} (target ≥ 50 %), mails/s ÷ raw publish = ${pct(r.ratios.mailsToRawPublish)} (target ≥ 25 %)`);
  log(`ratios (best 5 s): relay ${pct(r.ratios.peakRelayToRawPublish)}, mails ${pct(r.ratios.peakMailsToRawPublish)}`);
}

/** What the day must have done, whatever the speed: the bench fails rather than report figures of a broken run. */
async function verify(db: Client, mails: { accepted: number; duplicates: number; recorded: number }, stopped: number, lastExpiryTick: Date): Promise<string[]> {
  const { rows } = await db.query<{ expired: number; overdue: number; workspaces: number }>(
    `SELECT (SELECT count(*) FROM subscriptions WHERE status = 'expired')::int AS expired,
            (SELECT count(*) FROM subscriptions s WHERE s.status = 'trial' AND s.trial_ends_at < $1::timestamp
               AND EXISTS (SELECT 1 FROM users u WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active))::int AS overdue,
            (SELECT count(*) FROM workspaces w JOIN subscriptions s ON s.company_id = w.company_id WHERE s.status = 'expired')::int AS workspaces`,
    [lastExpiryTick],
  );
  const problems: string[] = [];
  if (rows[0].expired === 0) problems.push('no trial expired');
  // a trial whose company has no active admin is skipped by design (docs/billing.md, "Bad data never stops a sweep")
  if (rows[0].overdue > 0) problems.push(`${rows[0].overdue} trials of companies with an admin are past their end and still trials`);
  if (stopped !== rows[0].workspaces) problems.push(`${stopped} workspaces stopped, ${rows[0].workspaces} belong to expired trials`);
  if (mails.duplicates > 0) problems.push(`${mails.duplicates} mails were sent twice`);
  if (mails.recorded !== mails.accepted) problems.push(`${mails.accepted} mails accepted, ${mails.recorded} recorded as sent`);
  if (mails.accepted === 0) problems.push('no mail was sent');
  return problems;
}

main().catch((error: unknown) => {
  process.stderr.write(`pipeline bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
