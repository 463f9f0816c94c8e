import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { z } from 'zod';
import { databaseEnv, loadEnv, natsEnv } from '@lifecycle/config';
import { createEnvelope, EVENT_SAMPLES, STREAMS, trialExpiringId, type Envelope } from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { freePort } from '../../libs/testing/src/free-port';
import { startFakeMailjet, type FakeMailjet } from '../../libs/testing/src/fake-mailjet.server';

// Not a test: mails/s from trial.expiring events on JetStream into a fake Mailjet, batching on and off.
// npm run build && node dist/tools/bench/notifier-mail.js --events 50000 [--mode both|on|off] [--concurrency n] [--latency 150] [--cpu-prof dir]

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    mode: { type: 'string', default: 'both' },
    /** MAIL_CONCURRENCY of the notifier; its default when absent. */
    concurrency: { type: 'string' },
    /** Milliseconds the fake Mailjet takes to answer a send request (the real API takes 100–300 ms). */
    latency: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each notifier run into this folder. */
    'cpu-prof': { type: 'string' },
  },
});
const events = Number(values.events);
const modes = values.mode === 'both' ? [true, false] : [values.mode === 'on'];
const env = loadEnv('bench', z.object({ ...databaseEnv, ...natsEnv }));
const NOTIFIER_MAIN = join(__dirname, '..', '..', 'apps', 'notifier', 'src', 'main.js');

interface RunResult {
  batching: boolean;
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
    await seed(jetstream(nc), ns);
    const publishSeconds = (performance.now() - started) / 1000;
    log(`batching ${batching ? 'on ' : 'off'}: ${events} trial.expiring events on ${ns.stream('LIFECYCLE')} in ${publishSeconds.toFixed(1)} s`);

    const port = await freePort();
    started = performance.now();
    const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
    child = spawn(process.execPath, [...profile, NOTIFIER_MAIN], {
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
        ...(values.concurrency ? { MAIL_CONCURRENCY: values.concurrency } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    await until(() => fake.accepted.length > 0, 60_000, 'the first mail', exited);
    const firstMail = performance.now();
    await until(() => fake.accepted.length >= events, 3_600_000, `${events} mails`, exited, () => `${fake.accepted.length} mails`);
    const lastMail = performance.now();
    await until(async () => (await countSent(db)) >= events, 600_000, 'every mail recorded as sent', exited);
    const recorded = performance.now();
    child.kill('SIGTERM');
    await exited;
    const duplicates = fake.accepted.length - new Set(fake.accepted.map((m) => m.customId)).size;
    if (duplicates > 0) throw new Error(`${duplicates} mails were sent twice`);
    return {
      batching,
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
    if (!values.keep) await dropDatabase(databaseUrl);
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

async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  await admin.end();
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  log(`notifier-mail bench: ${events} events, MAIL_CONCURRENCY ${values.concurrency ?? 'default'}, fake Mailjet latency ${values.latency} ms, Node ${process.version}`);
  const results: RunResult[] = [];
  for (const batching of modes) results.push(await run(batching));
  log('');
  log('| batching | requests | mails/request | first mail after | mails/s into Mailjet | recorded as sent, mails/s |');
  log('|---|---|---|---|---|---|');
  for (const r of results) {
    log(
      `| ${r.batching ? 'on' : 'off'} | ${r.requests} | ${(events / r.requests).toFixed(1)} | ${r.firstMailSeconds.toFixed(1)} s | ` +
        `${Math.round(events / r.mailSeconds)} (${r.mailSeconds.toFixed(1)} s) | ${Math.round(events / r.recordedSeconds)} (${r.recordedSeconds.toFixed(1)} s) |`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`notifier-mail bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
