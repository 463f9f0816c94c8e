import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { z } from 'zod';
import { databaseEnv, loadEnv, natsEnv } from '@lifecycle/config';
import { readFileSync } from 'node:fs';
import {
  createEnvelope,
  EVENT_SAMPLES,
  healthAlertId,
  paymentFailedId,
  renewalUpcomingId,
  STREAMS,
  trialExpiredId,
  trialExpiringId,
  type Envelope,
} from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { freePort } from '../../libs/testing/src/free-port';
import { startFakeMailjet, type FakeMailjet } from '../../libs/testing/src/fake-mailjet.server';
import { dropBenchDatabase } from './bench-database';

// Not a test: mails/s from events on JetStream into a fake Mailjet over HTTP, batching on and off, and
// the notifier's peak RSS (VmHWM).
// npm run build && node dist/tools/bench/notifier-mail.js --events 50000 [--mode both|on|off] [--pattern burst|pipeline]
//   [--rate 800] [--concurrency n] [--in-flight n] [--latency 150] [--cpu-prof dir] [--heap-prof dir]
// --pattern burst (default): trial.expiring events only, all on the stream before the notifier starts.
// --pattern pipeline: what the full pipeline does to the notifier: it is up and idle first, then events of
//   every customer subject and health alerts arrive mixed, at --rate events/s, on all of its consumers at once.

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    mode: { type: 'string', default: 'both' },
    /** MAIL_CONCURRENCY of the notifier; its default when absent. */
    concurrency: { type: 'string' },
    /** Milliseconds the fake Mailjet takes to answer a send request (the real API takes 100–300 ms). */
    latency: { type: 'string', default: '0' },
    /** MAIL_IN_FLIGHT of the notifier (events handled at once in the process); its default when absent. */
    'in-flight': { type: 'string' },
    pattern: { type: 'string', default: 'burst' },
    /** Events published per second with --pattern pipeline. */
    rate: { type: 'string', default: '800' },
    keep: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each notifier run into this folder. */
    'cpu-prof': { type: 'string' },
    /** Writes a V8 sampling heap profile of each notifier run into this folder. */
    'heap-prof': { type: 'string' },
    /** Extra Node flags for the notifier process, e.g. "--max-semi-space-size=8 --max-old-space-size=192". */
    'node-flags': { type: 'string' },
    /** Writes a heap snapshot of the notifier into the --heap-prof folder (or the current one) once this many mails are accepted. */
    'heap-snapshot-at': { type: 'string' },
  },
});
if (values.pattern !== 'burst' && values.pattern !== 'pipeline') throw new Error('--pattern is burst or pipeline');
const pipeline = values.pattern === 'pipeline';
const events = Number(values.events);
const modes = values.mode === 'both' ? [true, false] : [values.mode === 'on'];
const env = loadEnv('bench', z.object({ ...databaseEnv, ...natsEnv }));
const NOTIFIER_MAIN = join(__dirname, '..', '..', 'apps', 'notifier', 'src', 'main.js');

interface RunResult {
  batching: boolean;
  /** VmHWM of the notifier process at the end of the run, MB. */
  peakRssMb: number;
  publishSeconds: number;
  firstMailSeconds: number;
  mailSeconds: number;
  recordedSeconds: number;
  requests: number;
}

async function run(batching: boolean): Promise<RunResult> {
  const id = `${Date.now().toString(36)}${batching ? 'b' : 's'}`;
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/lifecycle_bench_mail_${id}`;
  const databaseUrl = url.toString();
  const ns = new Namespace(`bench${id}`);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const nc = await connectNats({ url: env.NATS_URL, name: 'notifier-bench' });
  const jsm = await jetstreamManager(nc);
  const fake: FakeMailjet = await startFakeMailjet({ keepBodies: false, latencyMs: Number(values.latency) });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  let child: ChildProcess | null = null;
  try {
    await provisionStreams(jsm, ns, STREAMS);
    let started = performance.now();
    let publishSeconds = 0;
    if (!pipeline) {
      await seed(jetstream(nc), ns);
      publishSeconds = (performance.now() - started) / 1000;
      log(`batching ${batching ? 'on ' : 'off'}: ${events} trial.expiring events on ${ns.stream('LIFECYCLE')} in ${publishSeconds.toFixed(1)} s`);
    }

    const port = await freePort();
    started = performance.now();
    const profile = [
      ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
      ...(values['heap-prof'] ? ['--heap-prof', '--heap-prof-dir', values['heap-prof']] : []),
      ...(values['heap-snapshot-at'] ? ['--heapsnapshot-signal=SIGUSR2'] : []),
      ...(values['node-flags'] ? values['node-flags'].split(/\s+/).filter(Boolean) : []),
    ];
    child = spawn(process.execPath, [...profile, NOTIFIER_MAIN], {
      cwd: values['heap-prof'] ?? process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        NATS_URL: env.NATS_URL,
        LIFECYCLE_NAMESPACE: ns.value,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        MAIL_TRANSPORT: 'mailjet',
        MAILJET_API_URL: fake.url,
        MAILJET_API_KEY: fake.apiKey,
        MAILJET_API_SECRET: fake.apiSecret,
        BATCHING: String(batching),
        OPS_ALERT_EMAIL: 'ops@example.com',
        ...(values.concurrency ? { MAIL_CONCURRENCY: values.concurrency } : {}),
        ...(values['in-flight'] ? { MAIL_IN_FLIGHT: values['in-flight'] } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    const pid = child.pid!;
    const memory = () => `${fake.accepted.length} mails, RSS ${status(pid, 'VmRSS')} MB (peak ${status(pid, 'VmHWM')} MB)`;
    let publishing: Promise<void> = Promise.resolve();
    if (pipeline) {
      await until(() => ready(port), 300_000, 'the notifier to be ready', exited);
      log(`batching ${batching ? 'on ' : 'off'}: notifier ready after ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${status(pid, 'VmRSS')} MB`);
      started = performance.now();
      publishing = publishPaced(jetstream(nc), ns).then(() => {
        publishSeconds = (performance.now() - started) / 1000;
        log(`  … ${events} events (every mail subject) published in ${publishSeconds.toFixed(1)} s`);
      });
    }
    await until(() => fake.accepted.length > 0, 60_000, 'the first mail', exited);
    const firstMail = performance.now();
    if (values['heap-snapshot-at']) {
      await until(() => fake.accepted.length >= Number(values['heap-snapshot-at']), 3_600_000, 'the heap snapshot', exited, memory);
      log(`  … heap snapshot at ${memory()}`);
      child.kill('SIGUSR2');
    }
    await until(() => fake.accepted.length >= events, 3_600_000, `${events} mails`, exited, memory);
    const lastMail = performance.now();
    await publishing;
    await until(async () => (await countSent(db)) >= events, 600_000, 'every mail recorded as sent', exited);
    const recorded = performance.now();
    const peakRssMb = status(pid, 'VmHWM');
    child.kill('SIGTERM');
    await exited;
    const duplicates = fake.accepted.length - new Set(fake.accepted.map((m) => m.customId)).size;
    if (duplicates > 0) throw new Error(`${duplicates} mails were sent twice`);
    return {
      batching,
      peakRssMb,
      publishSeconds,
      firstMailSeconds: (firstMail - started) / 1000,
      mailSeconds: (lastMail - firstMail) / 1000,
      recordedSeconds: (recorded - firstMail) / 1000,
      requests: fake.sendRequests().length,
    };
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    await fake.close();
    for (const stream of STREAMS) await jsm.streams.delete(ns.stream(stream.name)).catch(() => undefined);
    await nc.close();
    if (!values.keep) await dropBenchDatabase(databaseUrl);
  }
}

async function seed(js: ReturnType<typeof jetstream>, ns: Namespace): Promise<void> {
  const window = 1_000;
  for (let start = 0; start < events; start += window) {
    const acks: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(start + window, events); i++) {
      const envelope = trialExpiring(i + 1);
      acks.push(js.publish(ns.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id }));
    }
    await Promise.all(acks);
  }
}

/** The pipeline's pattern: every mail subject mixed, published at --rate events/s while the notifier runs. */
async function publishPaced(js: ReturnType<typeof jetstream>, ns: Namespace): Promise<void> {
  const rate = Number(values.rate);
  const tickMs = 100;
  const perTick = Math.max(Math.round((rate * tickMs) / 1000), 1);
  const begin = performance.now();
  for (let start = 0; start < events; start += perTick) {
    const acks: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(start + perTick, events); i++) {
      const envelope = mixed(i + 1);
      acks.push(js.publish(ns.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id }));
    }
    await Promise.all(acks);
    const due = begin + ((start + perTick) / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Roughly the mix of a pipeline day: 55 % trial.expiring, 23 % trial.expired, 19 % renewal.upcoming, 1 % payment.failed, 2 % health alerts. */
function mixed(n: number): Envelope {
  const slot = n % 100;
  const company = { subscriptionId: n, companyId: n, companyName: `Company ${n}`, plan: 'team' };
  const admin = { userId: n, email: `admin${n}@example.com`, fullName: `Admin ${n}`, locale: n % 2 ? ('en' as const) : ('tr' as const) };
  const base = { source: 'billing' as const, correlationId: `bench@2026-12-01T09:00:00Z`, occurredAt: '2026-12-01T09:00:00Z' };
  if (slot < 55) return trialExpiring(n);
  if (slot < 78) {
    const trialEndedAt = '2026-12-01T09:00:00Z';
    return createEnvelope('trial.expired', { ...base, id: trialExpiredId(n, trialEndedAt), data: { ...company, admin, trialEndedAt } });
  }
  if (slot < 97) {
    const periodEndsAt = '2026-12-04T10:00:00Z';
    return createEnvelope('renewal.upcoming', {
      ...base,
      id: renewalUpcomingId(n, 3, periodEndsAt),
      data: { ...EVENT_SAMPLES['renewal.upcoming'], ...company, admin, daysBefore: 3, periodEndsAt },
    });
  }
  if (slot < 98) {
    return createEnvelope('payment.failed', {
      ...base,
      id: paymentFailedId(n),
      data: { ...EVENT_SAMPLES['payment.failed'], ...company, admin, paymentId: n },
    });
  }
  const alert = { ...EVENT_SAMPLES['health.alert.raised'], resource: `workspace:${n}` };
  const health = { ...base, source: 'health' as const };
  if (slot < 99) {
    return createEnvelope('health.alert.raised', { ...health, id: healthAlertId('health.alert.raised', alert.code, alert.resource, alert.firstSeenAt), data: alert });
  }
  return createEnvelope('health.alert.resolved', {
    ...health,
    id: healthAlertId('health.alert.resolved', alert.code, alert.resource, alert.firstSeenAt),
    data: { ...alert, resolvedAt: '2026-12-01T09:30:00Z' },
  });
}

function trialExpiring(n: number): Envelope<'trial.expiring'> {
  const trialEndsAt = '2026-12-08T09:00:00Z';
  return createEnvelope('trial.expiring', {
    id: trialExpiringId(n, 7, trialEndsAt),
    source: 'billing',
    correlationId: 'trial-reminders@2026-12-01T09:00:00Z',
    occurredAt: '2026-12-01T09:00:00Z',
    data: {
      ...EVENT_SAMPLES['trial.expiring'],
      subscriptionId: n,
      companyId: n,
      companyName: `Company ${n}`,
      trialEndsAt,
      admin: { userId: n, email: `admin${n}@example.com`, fullName: `Admin ${n}`, locale: n % 2 ? 'en' : 'tr' },
    },
  });
}

/** A field of /proc/<pid>/status in MB (VmRSS now, VmHWM the peak so far); 0 once the process is gone. */
function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

async function countSent(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_logs WHERE delivery_status = 'sent'`);
  return rows[0].n;
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  exited: Promise<number | null>,
  progress?: () => string,
): Promise<void> {
  let dead: number | null | undefined;
  void exited.then((code) => (dead = code));
  const deadline = performance.now() + timeoutMs;
  let lastReport = performance.now();
  while (!(await condition())) {
    if (dead !== undefined) throw new Error(`the notifier exited (${dead}) while waiting for ${what}`);
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (progress && performance.now() - lastReport > 10_000) {
      log(`  … ${progress()}`);
      lastReport = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  log(
    `notifier-mail bench: ${events} events, pattern ${values.pattern}${pipeline ? ` at ${values.rate} events/s` : ''}, ` +
      `MAIL_CONCURRENCY ${values.concurrency ?? 'default'}, MAIL_IN_FLIGHT ${values['in-flight'] ?? 'default'}, ` +
      `fake Mailjet latency ${values.latency} ms, Node ${process.version}${values['node-flags'] ? `, notifier flags ${values['node-flags']}` : ''}`,
  );
  const results: RunResult[] = [];
  for (const batching of modes) results.push(await run(batching));
  log('');
  log('| batching | requests | mails/request | first mail after | mails/s into Mailjet | recorded as sent, mails/s | peak RSS (VmHWM) |');
  log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    log(
      `| ${r.batching ? 'on' : 'off'} | ${r.requests} | ${(events / r.requests).toFixed(1)} | ${r.firstMailSeconds.toFixed(1)} s | ` +
        `${Math.round(events / r.mailSeconds)} (${r.mailSeconds.toFixed(1)} s) | ${Math.round(events / r.recordedSeconds)} (${r.recordedSeconds.toFixed(1)} s) | ` +
        `${r.peakRssMb} MB |`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`notifier-mail bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
