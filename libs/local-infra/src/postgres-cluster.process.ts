import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findPostgresBinDir } from './executables';
import { findFreePort, waitForPort } from './free-port';
import { MissingBinaryError } from './local-infra.errors';
import { isAlive, ownProcess, releaseProcess, waitForExit } from './owned-processes';
import { runCommand, systemUser } from './run-command';

export interface PostgresClusterOptions {
  /** The cluster's folder (data, socket, log). A fresh temporary one, deleted by dispose, when absent; reused when it holds a cluster. */
  dir?: string;
  port?: number;
  /** Folder of initdb, pg_ctl and postgres (default: PG_BIN_DIR, PATH, the newest /usr/lib/postgresql/<v>/bin). */
  binDir?: string;
}

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly dataDir: string;
  /** The server's own log (pg_ctl -l). */
  readonly logFile: string;
  /** The URL of another database on this cluster. */
  databaseUrl(database: string): string;
  /** Creates a database (no-op when it exists) and returns its URL. */
  createDatabase(database: string): Promise<string>;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are disconnected, the server shuts down cleanly. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster (a crash: the next start recovers from the WAL). */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and deletes the folder when this helper created it. */
  dispose(): Promise<void>;
}

/** The pid in postmaster.pid, or null. */
function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) && pid > 0 ? pid : null;
}

/** Children of a process, from /proc (backends, checkpointer, walwriter…). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/**
 * A private PostgreSQL cluster (`initdb` + `pg_ctl`) on a free port, for tests and the demo that stop, kill
 * and restart the database. initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user,
 * in a folder that user owns.
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? findPostgresBinDir();
  const isRoot = process.getuid?.() === 0;
  const runAs = isRoot ? systemUser('postgres') : null;
  if (isRoot && !runAs) {
    throw new MissingBinaryError('the postgres user', 'running as root, initdb needs an unprivileged user: install postgresql (it creates the postgres user)', ['/etc/passwd']);
  }
  const ownDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'lc-pg-'));
  mkdirSync(dir, { recursive: true });
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = options.port ?? (await findFreePort());
  const bin = (name: string) => join(binDir, name);
  const run = (name: string, args: string[], timeoutMs = 120_000) => runCommand(bin(name), args, { as: runAs, cwd: dir, env: { HOME: dir }, timeoutMs });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions']);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const databaseUrl = (database: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const start = async () => {
    const running = postmasterPid(dataDir);
    if (running !== null && isAlive(running)) return;
    // after a kill, backends of the old postmaster may still hold its shared memory for a moment
    for (let attempt = 1; ; attempt++) {
      try {
        await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=on`, 'start']);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
    ownProcess(postmasterPid(dataDir) ?? undefined);
    await waitForPort(port, 30_000);
  };
  const stop = async () => {
    const pid = postmasterPid(dataDir);
    if (pid === null || !isAlive(pid)) return;
    await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    releaseProcess(pid);
  };
  const kill = async () => {
    const pid = postmasterPid(dataDir);
    if (pid === null || !isAlive(pid)) return;
    const children = childrenOf(pid);
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 10_000);
    releaseProcess(pid);
    // backends notice the postmaster's death and exit on their own; any that linger are killed too
    for (const child of children) {
      if (!(await waitForExit(child, 5_000))) {
        try {
          process.kill(child, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  };

  await start();
  return {
    url,
    port,
    dir,
    dataDir,
    logFile,
    databaseUrl,
    async createDatabase(database) {
      const client = new Client({ connectionString: url, application_name: 'local-infra' });
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
      return databaseUrl(database);
    },
    start,
    stop,
    kill,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop().catch(() => kill());
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
