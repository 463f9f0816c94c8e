import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { STREAMS, type Envelope, type StreamName } from '@lifecycle/contracts';
import {
  findFreePort,
  ServiceProcess,
  startNatsCluster,
  startNatsServer,
  startPostgresCluster,
  type NatsCluster,
  type NatsServerProcess,
  type PostgresCluster,
} from '@lifecycle/local-infra';
import { JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { runMigrations, utcConnectionOptions } from '@lifecycle/persistence';
import { startFakeMailjet, type FakeMailjet } from '@lifecycle/testing';
import { readStream, type StoredMessage } from './stream-reader';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHAOS_OUTPUT = join(ROOT, 'test-output', 'chaos');
/** Where `dist/` (and `config/`) of the services are: the project, or a copy named by CHAOS_APP_ROOT (a build others cannot replace mid-run). */
export const APP_ROOT = process.env.CHAOS_APP_ROOT || ROOT;

export type AppName = 'clock' | 'billing' | 'notifier' | 'workspace-guard' | 'health';

export interface ServiceSpec {
  app: AppName;
  /** Log file name; the app name by default. */
  name?: string;
  env?: Record<string, string>;
}

/**
 * One scenario's world: its own PostgreSQL cluster and nats-server (libs/local-infra) that it may stop,
 * kill and restart, a migrated `lifecycle` database, the streams, a fake Mailjet, and the services it
 * runs as real processes, each logging to test-output/chaos/<scenario>/<name>.log.
 */
export class ChaosWorld {
  readonly services: ServiceProcess[] = [];
  readonly namespace = new Namespace('');
  readonly logDir: string;
  private constructor(
    readonly scenario: string,
    readonly postgres: PostgresCluster,
    /** One nats-server, or a three-node cluster when created with `cluster: true` (then STREAM_REPLICAS=3). */
    readonly nats: NatsServerProcess | NatsCluster,
    readonly databaseUrl: string,
    readonly pool: Pool,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly mailjet: FakeMailjet,
  ) {
    this.logDir = join(CHAOS_OUTPUT, scenario);
  }

  static async create(scenario: string, options: { mailjetLatencyMs?: number; keepBodies?: boolean; cluster?: boolean } = {}): Promise<ChaosWorld> {
    const logDir = join(CHAOS_OUTPUT, scenario);
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
    const [postgres, nats] = await Promise.all([
      startPostgresCluster(),
      options.cluster ? startNatsCluster({ logDir }) : startNatsServer({ logFile: join(logDir, 'nats-server.log') }),
    ]);
    const databaseUrl = await postgres.createDatabase('lifecycle');
    await runMigrations(databaseUrl);
    const pool = new Pool({ connectionString: databaseUrl, max: 4, ...utcConnectionOptions() });
    // a restarted PostgreSQL ends idle connections; the pool replaces them
    pool.on('error', () => undefined);
    const nc = await connect({ servers: nats.url.split(','), name: `chaos-${scenario}`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, new Namespace(''), STREAMS, { replicas: options.cluster ? 3 : 1 });
    const mailjet = await startFakeMailjet({ latencyMs: options.mailjetLatencyMs, keepBodies: options.keepBodies ?? false });
    return new ChaosWorld(scenario, postgres, nats, databaseUrl, pool, nc, jsm, mailjet);
  }

  /** The three-node cluster of a world created with `cluster: true`. */
  get cluster(): NatsCluster {
    if (!('nodes' in this.nats)) throw new Error(`${this.scenario} runs one nats-server, not a cluster`);
    return this.nats;
  }

  /** The variables every service gets: this world's database, NATS, a free HTTP port, the fake Mailjet. */
  async baseEnv(app: AppName): Promise<Record<string, string>> {
    const env: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      STREAM_REPLICAS: 'nodes' in this.nats ? String(this.nats.nodes.length) : '1',
      LIFECYCLE_NAMESPACE: this.namespace.value,
      HTTP_PORT: String(await findFreePort()),
      LOG_LEVEL: 'info',
    };
    if (app === 'notifier') {
      Object.assign(env, {
        MAIL_TRANSPORT: 'mailjet',
        MAILJET_API_URL: this.mailjet.url,
        MAILJET_API_KEY: this.mailjet.apiKey,
        MAILJET_API_SECRET: this.mailjet.apiSecret,
        MAIL_FROM: 'billing@chaos.example',
      });
    }
    return env;
  }

  /** Spawns a service; waits for /readyz unless `ready: false`. */
  async start(spec: ServiceSpec, options: { ready?: boolean; readyTimeoutMs?: number } = {}): Promise<ServiceProcess> {
    const service = new ServiceProcess({
      name: spec.name ?? spec.app,
      app: spec.app,
      env: { ...(await this.baseEnv(spec.app)), ...spec.env },
      logDir: this.logDir,
      root: APP_ROOT,
    });
    this.services.push(service);
    service.spawn();
    if (options.ready !== false) await service.waitReady(options.readyTimeoutMs ?? 90_000);
    return service;
  }

  get publisher(): JetStreamPublisher {
    return new JetStreamPublisher(jetstream(this.nc), this.namespace, 30_000);
  }

  async publish(envelopes: readonly Envelope[]): Promise<void> {
    const publisher = this.publisher;
    for (let i = 0; i < envelopes.length; i += 500) {
      const outcomes = await publisher.publishBatch(
        envelopes.slice(i, i + 500).map((e) => ({ subject: e.type, id: e.id, payload: JSON.stringify(e) })),
      );
      const failed = outcomes.find((o) => !o.ok);
      if (failed && !failed.ok) throw failed.error;
    }
  }

  stream(name: StreamName): Promise<StoredMessage[]> {
    return readStream(this.nc, this.namespace.stream(name));
  }

  async envelopes<E = Envelope>(name: StreamName): Promise<E[]> {
    return (await this.stream(name)).map((m) => m.json<E>());
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.pool.query(sql, params);
    return Number(Object.values(rows[0] ?? { n: 0 })[0]);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.services.map((s) => s.kill().catch(() => undefined)));
    await this.nc.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    await this.mailjet.close().catch(() => undefined);
    await this.nats.dispose().catch(() => undefined);
    await this.postgres.dispose().catch(() => undefined);
  }
}
