import { spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_NODE_OPTIONS } from '@lifecycle/config';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { ownProcess, releaseProcess } from './owned-processes';

export interface ServiceProcessOptions {
  /** Label and log file name, e.g. `billing-2`. */
  name: string;
  /** The app under `<root>/dist/apps/<app>/src/main.js` (after `npm run build`). */
  app: string;
  /** The environment, entirely: nothing is inherited but PATH. HTTP_PORT is needed for readiness. */
  env: Record<string, string>;
  /** Where `<name>.log` (stdout and stderr of every run, appended) is written. */
  logDir: string;
  /** Project root (default: the working directory). */
  root?: string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_CAP = 4 * 1024 * 1024;

export class ServiceNotReadyError extends Error {
  constructor(name: string, reason: string, output: string) {
    super(`${name} ${reason}; its last output:\n${output.split('\n').slice(-30).join('\n')}`);
    this.name = 'ServiceNotReadyError';
  }
}

/** The main file of an app in the build output, or an error telling to build first. */
export function serviceMain(app: string, root = process.cwd()): string {
  const main = join(root, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  return main;
}

/**
 * One service as a real process (`node dist/apps/<app>/src/main.js`) that can be killed and restarted:
 * each run's output goes to `<logDir>/<name>.log`, readiness is `GET /readyz` = 200 on its HTTP_PORT.
 */
export class ServiceProcess {
  readonly logFile: string;
  /** How many times it was started. */
  runs = 0;
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private captured = '';
  private exit: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });

  constructor(readonly options: ServiceProcessOptions) {
    mkdirSync(options.logDir, { recursive: true });
    this.logFile = join(options.logDir, `${options.name}.log`);
  }

  /** Spawns and waits for /readyz. */
  static async start(options: ServiceProcessOptions, readyTimeoutMs?: number): Promise<ServiceProcess> {
    const service = new ServiceProcess(options);
    service.spawn();
    await service.waitReady(readyTimeoutMs);
    return service;
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get httpPort(): number {
    return Number(this.options.env.HTTP_PORT);
  }

  /** This run's stdout and stderr (the last 4 MB). */
  output(): string {
    return this.captured;
  }

  /** Resolves when this run ends. */
  exited(): Promise<ProcessExit> {
    return this.exit;
  }

  /** Starts the process without waiting for readiness (see waitReady); a no-op while it runs. */
  spawn(): void {
    if (this.running) return;
    const main = serviceMain(this.options.app, this.options.root);
    this.runs++;
    this.captured = '';
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [main], {
      cwd: this.options.root ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_OPTIONS: SERVICE_NODE_OPTIONS, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    ownProcess(child.pid);
    const log = this.log;
    log.write(`----- ${this.name} run ${this.runs}, pid ${child.pid}, ${new Date().toISOString()} -----\n`);
    const take = (chunk: Buffer) => {
      log.write(chunk);
      this.captured += chunk.toString();
      if (this.captured.length > OUTPUT_CAP) this.captured = this.captured.slice(-OUTPUT_CAP / 2);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exit = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        releaseProcess(child.pid);
        log.end(`----- ${this.name} run ${this.runs} ended: ${signal ?? `exit ${code}`} -----\n`);
        resolve({ code, signal });
      }),
    );
  }

  /** GET /readyz status, or null when nothing answers. */
  async readyz(timeoutMs = 3_000): Promise<number | null> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  }

  /** Waits for /readyz = 200; fails at once (with the output) if the process exits. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new ServiceNotReadyError(this.name, `exited (${JSON.stringify(await this.exit)}) before it was ready`, this.captured);
      if ((await this.readyz()) === 200) return;
      if (Date.now() > deadline) throw new ServiceNotReadyError(this.name, `not ready within ${timeoutMs} ms`, this.captured);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends the signal (SIGKILL by default) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    if (!this.running) return this.exit;
    this.child?.kill(signal);
    return this.exit;
  }

  /** SIGTERM (a clean drain), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 50_000): Promise<ProcessExit> {
    if (!this.running) return this.exit;
    const child = this.child;
    child?.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops it (SIGKILL with `{ kill: true }`), starts it again and waits for readiness. */
  async restart(options: { kill?: boolean; readyTimeoutMs?: number } = {}): Promise<void> {
    await (options.kill ? this.kill() : this.stop());
    this.spawn();
    await this.waitReady(options.readyTimeoutMs);
  }
}
