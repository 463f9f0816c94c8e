import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findNatsServer } from './executables';
import { findFreePort, waitForPort } from './free-port';
import { InfraCommandError } from './local-infra.errors';
import { ownProcess, releaseProcess } from './owned-processes';

export interface NatsServerOptions {
  /** JetStream store folder; a fresh temporary one (deleted by dispose) when absent. */
  storeDir?: string;
  port?: number;
  /** Appends the server's own log here. */
  logFile?: string;
  binary?: string;
}

export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** e.g. `2.9.10`. */
  readonly version: string;
  /** Whether the store syncs every write (`sync_interval: always`, nats-server 2.10+). */
  readonly syncAlways: boolean;
  /** Whether the process is running now. */
  readonly running: boolean;
  /** Starts the server again on the same port and store. */
  start(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Stops the server and deletes the store folder when this helper created it. */
  dispose(): Promise<void>;
}

/** `nats-server: v2.9.10` → `2.9.10`. */
export function parseNatsServerVersion(output: string): string | null {
  return /v?(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null;
}

/** `sync_interval` (and its `always`) exists from nats-server 2.10. */
export function supportsSyncAlways(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/** The path of nats-server, or null (kept for callers of the former libs/testing helper). */
export function findNatsServerBinary(): string | null {
  try {
    return findNatsServer();
  } catch {
    return null;
  }
}

/** The binary and its version: `nats-server --version`. */
export function natsServerBinary(binary = findNatsServer()): { binary: string; version: string; syncAlways: boolean } {
  const versionOutput = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const version = parseNatsServerVersion(versionOutput);
  if (!version) throw new InfraCommandError(`${binary} --version`, 0, `unrecognised version: ${versionOutput}`);
  return { binary, version, syncAlways: supportsSyncAlways(version) };
}

export interface NatsNodeSpec {
  binary: string;
  version: string;
  syncAlways: boolean;
  port: number;
  storeDir: string;
  /** Deleted by dispose. */
  ownStore: boolean;
  /** Config lines besides `listen` and `jetstream` (server name, cluster, monitoring). */
  extraConfig?: string[];
  logFile?: string;
}

/** One nats-server process on a fixed port and store folder that can be started, stopped and killed again and again. */
export function natsNode(spec: NatsNodeSpec): NatsServerProcess {
  mkdirSync(spec.storeDir, { recursive: true });
  const configFile = join(spec.storeDir, 'nats-server.conf');
  writeFileSync(
    configFile,
    [
      `listen: "127.0.0.1:${spec.port}"`,
      ...(spec.extraConfig ?? []),
      `jetstream {`,
      `  store_dir: ${JSON.stringify(spec.storeDir)}`,
      ...(spec.syncAlways ? ['  sync_interval: always'] : []),
      `}`,
      '',
    ].join('\n'),
  );
  if (spec.logFile) mkdirSync(dirname(spec.logFile), { recursive: true });
  let child: ChildProcess | null = null;
  const isRunning = () => child !== null && child.exitCode === null && child.signalCode === null;

  const start = async () => {
    if (isRunning()) return;
    const log = spec.logFile ? openSync(spec.logFile, 'a') : 'ignore';
    const started = spawn(spec.binary, ['-c', configFile], { stdio: ['ignore', log, log] });
    if (typeof log === 'number') closeSync(log);
    child = started;
    ownProcess(started.pid);
    const early = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new InfraCommandError(`${spec.binary} -c ${configFile}`, code, 'exited while starting'))),
    );
    early.catch(() => undefined);
    await Promise.race([waitForPort(spec.port, 15_000), early]);
  };
  const terminate = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
    releaseProcess(running.pid);
  };
  return {
    url: `nats://127.0.0.1:${spec.port}`,
    port: spec.port,
    storeDir: spec.storeDir,
    version: spec.version,
    syncAlways: spec.syncAlways,
    get running() {
      return isRunning();
    },
    start,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    dispose: async () => {
      await terminate('SIGTERM');
      if (spec.ownStore && existsSync(spec.storeDir)) rmSync(spec.storeDir, { recursive: true, force: true });
    },
  };
}

/**
 * A private `nats-server -js` on a free port with its own store folder, for tests and the demo that stop,
 * kill and restart the broker. From 2.10 the store syncs every write (ARCHITECTURE.md, "Delivery guarantees").
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
  const node = natsNode({
    ...natsServerBinary(options.binary),
    port: options.port ?? (await findFreePort()),
    storeDir: options.storeDir ?? mkdtempSync(join(tmpdir(), 'lc-nats-')),
    ownStore: !options.storeDir,
    logFile: options.logFile,
  });
  await node.start();
  return node;
}
