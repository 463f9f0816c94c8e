import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ROOT } from '../app-processes';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const SERVICES = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * Whether this test can drive a container engine: `docker info` answers and docker-compose is there.
 * Returns the reason when not.
 */
export function engineUnavailable(): string | null {
  if (process.env.LC_TEST_CONTAINERS === 'off') return 'LC_TEST_CONTAINERS=off';
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  if (info.error) return `docker is missing (${info.error.message}): run scripts/ensure-test-tools.sh`;
  if (info.status !== 0) return `no container engine answers (docker info: ${info.stderr.trim().split('\n').pop()})`;
  const compose = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8', timeout: 15_000 });
  if (compose.error || compose.status !== 0) return 'docker-compose is missing: run scripts/ensure-test-tools.sh';
  return null;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command and fails with its output unless it exits 0. */
export async function ok(command: string, args: string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<string> {
  const result = await run(command, args, env, timeoutMs);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * The repository's docker-compose.yml as one compose project of its own: images and host ports come
 * from variables (the file's own), settings for the services from an override file.
 */
export class ComposeStack {
  private readonly dir = mkdtempSync(join(tmpdir(), 'lc-compose-'));
  private overrides = 0;

  constructor(
    readonly project: string,
    /** Variables docker-compose.yml interpolates: images, host ports. */
    private readonly variables: Record<string, string>,
    private files: string[] = [join(ROOT, 'docker-compose.yml')],
  ) {}

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.variables };
  }

  /** Adds an override file: `{ service: { VARIABLE: value } }` as each service's environment. */
  override(environment: Record<string, Record<string, string>>): void {
    const file = join(this.dir, `override-${++this.overrides}.yml`);
    const services = Object.fromEntries(Object.entries(environment).map(([name, env]) => [name, { environment: env }]));
    // Quoted: docker-compose 1.29 (PyYAML) reads an unquoted ISO time as a datetime and then crashes
    // in its own schema validation (TypeError: Object of type datetime is not JSON serializable).
    writeFileSync(file, stringify({ services }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }));
    this.files = [...this.files, file];
  }

  compose(args: string[], timeoutMs = 180_000): Promise<RunResult> {
    return run('docker-compose', ['-p', this.project, ...this.files.flatMap((f) => ['-f', f]), ...args], this.env, timeoutMs);
  }

  async composeOk(args: string[], timeoutMs = 180_000): Promise<string> {
    const result = await this.compose(args, timeoutMs);
    if (result.code !== 0) throw new Error(`docker-compose ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  async containerId(service: string): Promise<string> {
    const id = (await this.composeOk(['ps', '-q', service])).trim();
    if (!id) throw new Error(`no container for ${service}`);
    return id;
  }

  async inspect(service: string): Promise<{ status: string; exitCode: number; health: string | null; restarts: number; pid: number }> {
    const id = await this.containerId(service);
    const out = await ok('docker', ['inspect', '--format', '{{json .State}}|{{.RestartCount}}', id]);
    const [stateJson, restarts] = out.trim().split('|');
    const state = JSON.parse(stateJson) as { Status: string; ExitCode: number; Pid: number; Health?: { Status: string } };
    return { status: state.Status, exitCode: state.ExitCode, health: state.Health?.Status ?? null, restarts: Number(restarts), pid: state.Pid };
  }

  /** Everything the project made: containers, networks, volumes; then the image tag given. */
  async destroy(imageTag: string): Promise<string[]> {
    const leftovers: string[] = [];
    const down = await this.compose(['down', '-v', '--remove-orphans', '-t', '10'], 240_000).catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
    if (down.code !== 0) leftovers.push(`down: ${down.stderr}`);
    const label = `label=com.docker.compose.project=${this.project}`;
    for (const [kind, list] of [['container', ['ps', '-aq']], ['network', ['network', 'ls', '-q']], ['volume', ['volume', 'ls', '-q']]] as const) {
      const ids = (await ok('docker', [...list, '--filter', label])).split('\n').filter(Boolean);
      if (ids.length === 0) continue;
      leftovers.push(`${kind}s ${ids.join(' ')}`);
      const rm = kind === 'container' ? ['rm', '-fv'] : [kind, 'rm', '-f'];
      await run('docker', [...rm, ...ids]);
    }
    await run('docker', ['rmi', '-f', imageTag]);
    rmSync(this.dir, { recursive: true, force: true });
    return leftovers;
  }
}
