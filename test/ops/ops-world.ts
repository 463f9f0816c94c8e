import { eventually } from '@lifecycle/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { createEnvelope, STREAMS, type Envelope, type EventMap, type Subject } from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { utcConnectionOptions } from '@lifecycle/persistence';
import { createTestDatabase, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { ROOT, spawnApp, type RunningApp } from '../app-processes';

export const DAY = 86_400_000;

/** One test file's database, namespace (streams provisioned) and NATS connection. */
export class OpsWorld {
  private constructor(
    readonly db: TestDatabase,
    readonly pool: Pool,
    readonly namespace: Namespace,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  static async create(options: { streams?: boolean } = {}): Promise<OpsWorld> {
    const db = await createTestDatabase();
    const pool = new Pool({ connectionString: db.url, max: 3, ...utcConnectionOptions() });
    // DROP DATABASE … WITH (FORCE) at the end terminates connections still closing; that is expected.
    pool.on('error', () => undefined);
    const namespace = new Namespace(testNamespace());
    const nc = await connectNats({ url: testInfra().natsUrl, name: 'ops-test' });
    const jsm = await jetstreamManager(nc);
    if (options.streams !== false) await provisionStreams(jsm, namespace, STREAMS);
    return new OpsWorld(db, pool, namespace, nc, jetstream(nc), jsm);
  }

  /** What lifecyclectl needs to reach this world. */
  get env(): Record<string, string> {
    return { DATABASE_URL: this.db.url, NATS_URL: testInfra().natsUrl, LIFECYCLE_NAMESPACE: this.namespace.value };
  }

  envelope<S extends Subject>(subject: S, id: string, data: EventMap[S], occurredAt = '2026-12-01T09:00:00Z', correlationId = `corr:${id}`): Envelope<S> {
    return createEnvelope(subject, { id, source: subject.startsWith('clock.') ? 'clock' : 'billing', correlationId, occurredAt, data });
  }

  /** Publishes as the services do: Nats-Msg-Id = event id. */
  async publish(envelope: Envelope): Promise<number> {
    const h = natsHeaders();
    h.set('Content-Type', 'application/json');
    const ack = await this.js.publish(this.namespace.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id, headers: h });
    return ack.seq;
  }

  /** Every message of a stream of this namespace: subject (without namespace), headers and JSON body. */
  async stream(name: string): Promise<{ seq: number; subject: string; msgId: string | undefined; headers: Record<string, string>; body: any }[]> {
    const stream = this.namespace.stream(name);
    const { state } = await this.jsm.streams.info(stream);
    const out = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const m = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!m) continue;
      const headers: Record<string, string> = {};
      for (const [key, values] of m.header ?? []) headers[key] = values[0];
      out.push({ seq, subject: this.namespace.strip(m.subject) ?? m.subject, msgId: m.header?.get('Nats-Msg-Id') || undefined, headers, body: m.json() });
    }
    return out;
  }

  /** The ordered consumers a running `tail` created on a stream (it prints nothing before they exist). */
  async consumersOn(name: string): Promise<number> {
    let count = 0;
    for await (const _ of this.jsm.consumers.list(this.namespace.stream(name))) count++;
    return count;
  }

  async dispose(): Promise<void> {
    for (const stream of STREAMS) await this.jsm.streams.delete(this.namespace.stream(stream.name)).catch(() => undefined);
    await this.nc.close();
    await this.pool.end();
    await this.db.drop();
  }
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `lifecyclectl …` through the real binary, not waited for (tail follows until stopped). */
export function startLifecyclectl(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'lifecyclectl'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export { eventually };

export interface AppProcess extends RunningApp {
  base: string;
  stop(): Promise<number | null>;
}

/** A service as its own process (`node dist/apps/<app>/src/main.js`); resolves once /readyz answers 200. */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const run = spawnApp(app, { NATS_URL: testInfra().natsUrl, HTTP_PORT: String(port), LOG_LEVEL: 'info', ...env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 40_000;
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`${app} exited with ${run.child.exitCode}:\n${run.output()}`);
    const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`${app} not ready within 40 s:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    return run.exited;
  };
  return { ...run, base, stop };
}
