import { connect as tcpConnect } from 'node:net';
import { MissingBinaryError, startNatsServer, startPostgresCluster, type NatsServerProcess, type PostgresCluster } from '@lifecycle/local-infra';

export interface DemoInfra {
  /** A server URL (any database path); the demo creates its own database there. */
  postgresUrl: string;
  natsUrl: string;
  /** What the demo did about infrastructure, to tell the user. */
  notes: string[];
  dispose(): Promise<void>;
}

export class DemoInfraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoInfraError';
  }
}

function answers(url: string, defaultPort: number, timeoutMs = 1_500): Promise<boolean> {
  const parsed = new URL(url.split(',')[0].trim());
  const port = Number(parsed.port || defaultPort);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: parsed.hostname, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

const INSTALL =
  'install them (Debian/Ubuntu: `apt-get install -y postgresql nats-server`), or start them with `docker compose up -d nats postgres`, ' +
  'or point DATABASE_URL and NATS_URL at running servers';

/** The configured PostgreSQL and NATS when they answer; otherwise private ones from the installed binaries. */
export async function resolveDemoInfra(databaseUrl: string, natsUrl: string, say: (line: string) => void): Promise<DemoInfra> {
  const owned: (PostgresCluster | NatsServerProcess)[] = [];
  const notes: string[] = [];
  const missing: string[] = [];
  let postgresUrl = databaseUrl;
  let nats = natsUrl;
  try {
    if (await answers(databaseUrl, 5432)) notes.push(`PostgreSQL  ${redact(databaseUrl)} (answering)`);
    else {
      say(`PostgreSQL at ${redact(databaseUrl)} does not answer: starting a private one (initdb + pg_ctl)…`);
      try {
        const cluster = await startPostgresCluster();
        owned.push(cluster);
        postgresUrl = cluster.url;
        notes.push(`PostgreSQL  ${cluster.url} (private, started for the demo in ${cluster.dir}; removed at the end)`);
      } catch (error) {
        if (!(error instanceof MissingBinaryError)) throw error;
        missing.push(`PostgreSQL (${error.message})`);
      }
    }
    if (await answers(natsUrl, 4222)) notes.push(`NATS        ${natsUrl} (answering)`);
    else {
      say(`NATS at ${natsUrl} does not answer: starting a private nats-server -js…`);
      try {
        const server = await startNatsServer();
        owned.push(server);
        nats = server.url;
        notes.push(`NATS        ${server.url} (private, started for the demo; store removed at the end)`);
      } catch (error) {
        if (!(error instanceof MissingBinaryError)) throw error;
        missing.push(`NATS (${error.message})`);
      }
    }
    if (missing.length) throw new DemoInfraError(`the demo needs PostgreSQL and NATS with JetStream. Not answering and not installed: ${missing.join('; ')}.\n${INSTALL}.`);
  } catch (error) {
    await Promise.all(owned.map((o) => o.dispose().catch(() => undefined)));
    throw error;
  }
  return { postgresUrl, natsUrl: nats, notes, dispose: async () => void (await Promise.all(owned.map((o) => o.dispose()))) };
}

export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
