import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Container {
  running: boolean;
}

/**
 * The part of the Docker Engine API the docker driver uses, on a unix socket:
 * `POST /containers/{name}/stop|start` (204, 304 when already so, 404) and `GET /containers/{name}/json`.
 */
export class FakeDockerEngine {
  readonly containers = new Map<string, Container>();
  readonly calls: string[] = [];
  private readonly failures = new Map<string, number | 'always'>();
  private readonly hangs = new Set<string>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'lc-docker-'));
  readonly socketPath = join(this.dir, 'docker.sock');
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();

  private constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  static async start(): Promise<FakeDockerEngine> {
    const engine = new FakeDockerEngine();
    await new Promise<void>((resolve) => engine.server.listen(engine.socketPath, resolve));
    return engine;
  }

  add(name: string, running: boolean): void {
    this.containers.set(name, { running });
  }

  running(name: string): boolean | undefined {
    return this.containers.get(name)?.running;
  }

  failNext(verb: 'stop' | 'start' | 'json', name: string, times: number | 'always'): void {
    this.failures.set(`${verb}@${name}`, times);
  }

  hang(verb: 'stop' | 'start' | 'json', name: string): void {
    this.hangs.add(`${verb}@${name}`);
  }

  callsOf(verb: string): string[] {
    return this.calls.filter((call) => call.endsWith(`/${verb}`));
  }

  async close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://docker').pathname.replace(/^\/v\d+\.\d+/, '');
    const match = /^\/containers\/([^/]+)\/(stop|start|json)$/.exec(path);
    this.calls.push(`${req.method} ${path}`);
    if (!match) return this.reply(res, 404, { message: `page not found: ${path}` });
    const [, name, verb] = match;
    if ((verb === 'json') !== (req.method === 'GET')) return this.reply(res, 405, { message: 'method not allowed' });
    const key = `${verb}@${decodeURIComponent(name)}`;
    if (this.hangs.has(key)) {
      this.pending.add(res);
      return;
    }
    const failure = this.failures.get(key);
    if (failure === 'always' || (typeof failure === 'number' && failure > 0)) {
      if (typeof failure === 'number') this.failures.set(key, failure - 1);
      return this.reply(res, 500, { message: `cannot ${verb} container: simulated engine failure` });
    }
    const container = this.containers.get(decodeURIComponent(name));
    if (!container) return this.reply(res, 404, { message: `No such container: ${decodeURIComponent(name)}` });
    if (verb === 'json') {
      return this.reply(res, 200, {
        Id: `id-${name}`,
        Name: `/${name}`,
        State: { Status: container.running ? 'running' : 'exited', Running: container.running, Paused: false, ExitCode: 0 },
      });
    }
    const wantRunning = verb === 'start';
    if (container.running === wantRunning) return this.reply(res, 304);
    container.running = wantRunning;
    this.reply(res, 204);
  }

  private reply(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}
