import Docker from 'dockerode';
import { NameTemplate } from './name-template';
import { WorkspaceDriverError } from './workspace-driver.error';
import type { DriverWorkspace, RuntimeState, WorkspaceDriver } from './workspace-driver.port';

export const DEFAULT_CONTAINER_TEMPLATE = 'code-server-{linux_username}';
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
/** Docker's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. */
export const CONTAINER_NAME_CHARACTER = /[A-Za-z0-9_.-]/;
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,254}$/;

export interface DockerDriverOptions {
  socketPath: string;
  /** e.g. `code-server-{linux_username}`. */
  containerTemplate: string;
  timeoutMs: number;
}

interface DockerApiError {
  statusCode?: number;
  message?: string;
  code?: string;
}

/** The Docker Engine API over its unix socket (dockerode); containers are addressed by name. */
export class DockerDriver implements WorkspaceDriver {
  readonly name = 'docker' as const;
  readonly observesRuntime = true;
  readonly flagsOnly = false;
  private readonly containers: NameTemplate;
  private readonly docker: Docker;

  constructor(private readonly options: DockerDriverOptions) {
    const problem = NameTemplate.problem(options.containerTemplate, CONTAINER_NAME_CHARACTER);
    if (problem) throw new RangeError(`container template "${options.containerTemplate}" ${problem}`);
    this.containers = new NameTemplate(options.containerTemplate, CONTAINER_NAME);
    // host and protocol are set so that DOCKER_HOST / DOCKER_TLS_VERIFY in the environment cannot redirect the client.
    this.docker = new Docker({ socketPath: options.socketPath, host: undefined, protocol: 'http', timeout: options.timeoutMs });
  }

  target(workspace: DriverWorkspace): string {
    return this.containers.render(workspace);
  }

  async stop(workspace: DriverWorkspace): Promise<void> {
    const name = this.target(workspace);
    // 304: already stopped
    await this.call('stop', name, () => this.docker.getContainer(name).stop(), 304);
  }

  async start(workspace: DriverWorkspace): Promise<void> {
    const name = this.target(workspace);
    // 304: already started
    await this.call('start', name, () => this.docker.getContainer(name).start(), 304);
  }

  async state(workspace: DriverWorkspace): Promise<RuntimeState> {
    const name = this.target(workspace);
    try {
      const info = await this.docker.getContainer(name).inspect();
      return info.State?.Running ? 'running' : 'stopped';
    } catch (error) {
      if ((error as DockerApiError).statusCode === 404) return 'unknown';
      throw this.failure('inspect', name, error);
    }
  }

  private async call(verb: string, name: string, request: () => Promise<unknown>, alreadyDone: number): Promise<void> {
    try {
      await request();
    } catch (error) {
      if ((error as DockerApiError).statusCode === alreadyDone) return;
      throw this.failure(verb, name, error);
    }
  }

  private failure(verb: string, name: string, error: unknown): WorkspaceDriverError {
    const { statusCode, code, message } = (error ?? {}) as DockerApiError;
    let reason: string;
    if (statusCode === 404) reason = `no container named ${name} (check DOCKER_CONTAINER_TEMPLATE)`;
    else if (statusCode) reason = `Docker Engine answered ${statusCode}: ${engineMessage(message)}`;
    else if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES') {
      reason = `Docker Engine not reachable at ${this.options.socketPath} (${code})`;
    } else if (code === 'ECONNRESET' || /socket hang up/i.test(message ?? '')) {
      reason = `no answer from the Docker Engine within ${this.options.timeoutMs} ms`;
    } else reason = message ?? String(error);
    return new WorkspaceDriverError(`docker ${verb} ${name} failed: ${reason}`, { cause: error });
  }
}

/** docker-modem's message: "(HTTP code 500) server error - <engine message> "; keep the engine's part. */
function engineMessage(message: string | undefined): string {
  const text = (message ?? '').replace(/^\(HTTP code \d+\)\s*/, '').trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || 'no message';
}
