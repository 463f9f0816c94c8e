import { execFile } from 'node:child_process';
import { NameTemplate } from './name-template';
import { WorkspaceDriverError } from './workspace-driver.error';
import type { DriverWorkspace, RuntimeState, WorkspaceDriver } from './workspace-driver.port';

export const DEFAULT_UNIT_TEMPLATE = 'code-server@{linux_username}.service';
/** systemd.unit(5): unit names use letters, digits and `:-_.@` (the escape `\` is left out on purpose). */
export const UNIT_NAME_CHARACTER = /[A-Za-z0-9:_.@-]/;
const UNIT_NAME = /^[A-Za-z0-9:_.@-]{1,255}$/;

export interface SystemdDriverOptions {
  /** e.g. `code-server@{linux_username}.service`. */
  unitTemplate: string;
  /** Words run before `systemctl`, e.g. `['ssh', 'ops@host', 'sudo']`; empty to run it locally. */
  commandPrefix: readonly string[];
  timeoutMs: number;
  /** Environment of the command (PATH decides which `systemctl` runs); default: this process's. */
  env?: NodeJS.ProcessEnv;
}

interface Completed {
  code: number;
  stdout: string;
  stderr: string;
}

// systemctl is-active prints one of these (systemd.unit(5), "ActiveState"); deactivating units still run.
const RUNNING_STATES = new Set(['active', 'reloading', 'activating', 'refreshing', 'deactivating']);
const STOPPED_STATES = new Set(['inactive', 'failed', 'maintenance']);
// LSB exit status of `systemctl is-active`: 3 = "program is not running".
const NOT_RUNNING_EXIT = 3;
const OUTPUT_LIMIT = 500;

/** `systemctl stop|start|is-active <unit>`, run as an argument vector (never through a local shell). */
export class SystemdDriver implements WorkspaceDriver {
  readonly name = 'systemd' as const;
  readonly observesRuntime = true;
  readonly flagsOnly = false;
  private readonly units: NameTemplate;

  constructor(private readonly options: SystemdDriverOptions) {
    const problem = NameTemplate.problem(options.unitTemplate, UNIT_NAME_CHARACTER);
    if (problem) throw new RangeError(`unit template "${options.unitTemplate}" ${problem}`);
    this.units = new NameTemplate(options.unitTemplate, UNIT_NAME);
  }

  target(workspace: DriverWorkspace): string {
    return this.units.render(workspace);
  }

  // systemctl stop of an inactive unit and start of an active one exit 0: both are idempotent already.
  async stop(workspace: DriverWorkspace): Promise<void> {
    await this.change('stop', workspace);
  }

  async start(workspace: DriverWorkspace): Promise<void> {
    await this.change('start', workspace);
  }

  async state(workspace: DriverWorkspace): Promise<RuntimeState> {
    const unit = this.target(workspace);
    const result = await this.systemctl(['is-active', unit]);
    const word = result.stdout.trim().split('\n')[0]?.trim() ?? '';
    if (RUNNING_STATES.has(word)) return 'running';
    if (STOPPED_STATES.has(word)) return 'stopped';
    if (word === 'unknown') return 'unknown';
    if (result.code === 0) return 'running';
    if (result.code === NOT_RUNNING_EXIT) return 'stopped';
    throw new WorkspaceDriverError(`${this.describe(['is-active', unit])} failed (exit ${result.code}): ${summary(result)}`);
  }

  private async change(verb: 'stop' | 'start', workspace: DriverWorkspace): Promise<void> {
    const args = [verb, this.target(workspace)];
    const result = await this.systemctl(args);
    if (result.code !== 0) throw new WorkspaceDriverError(`${this.describe(args)} failed (exit ${result.code}): ${summary(result)}`);
  }

  private systemctl(args: readonly string[]): Promise<Completed> {
    const [file, ...rest] = [...this.options.commandPrefix, 'systemctl', ...args];
    const command = this.describe(args);
    return new Promise((resolve, reject) => {
      execFile(
        file,
        rest,
        { timeout: this.options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, env: this.options.env, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          const failure = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean; signal?: string | null };
          if (typeof failure.code === 'number') return resolve({ code: failure.code, stdout, stderr });
          reject(new WorkspaceDriverError(`${command} ${this.whyNot(file, failure)}`, { cause: error }));
        },
      );
    });
  }

  private whyNot(file: string, failure: NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }): string {
    if (failure.code === 'ENOENT') return `could not run: ${file} not found on PATH`;
    if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'was stopped: it wrote more than 64 KiB';
    if (failure.killed) return `timed out after ${this.options.timeoutMs} ms`;
    if (failure.signal) return `was killed by ${failure.signal}`;
    return `could not run: ${failure.message}`;
  }

  private describe(args: readonly string[]): string {
    return [...this.options.commandPrefix, 'systemctl', ...args].join(' ');
  }
}

function summary(result: Completed): string {
  const text = (result.stderr.trim() || result.stdout.trim() || 'no output').replace(/\s+/g, ' ');
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}…` : text;
}
