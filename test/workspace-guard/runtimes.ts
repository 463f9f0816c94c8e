import type { Pool } from 'pg';
import type { WorkspaceDriverName } from '@lifecycle/contracts';
import { DatabaseDriver, DockerDriver, SystemdDriver, type WorkspaceDriver } from '@lifecycle/workspace-guard';
import { FakeDockerEngine } from './fake-docker-engine';
import { FakeSystemd } from './fake-systemd';

export interface RuntimeWorkspace {
  id: number;
  linuxUsername: string;
}

/** Where a driver's workspaces really run: nothing (database), the fake systemctl, or the fake Docker Engine. */
export interface Runtime {
  readonly kind: WorkspaceDriverName;
  driver(timeoutMs?: number): WorkspaceDriver;
  /** The app's environment for this driver. */
  env(): Record<string, string>;
  register(workspace: RuntimeWorkspace, running: boolean): void;
  isUp(workspace: RuntimeWorkspace): Promise<boolean>;
  failStop(workspace: RuntimeWorkspace, times: number | 'always'): void;
  calls(verb: 'stop' | 'start', workspace: RuntimeWorkspace): number;
  dispose(): Promise<void>;
}

export async function createRuntime(kind: WorkspaceDriverName, pool: Pool): Promise<Runtime> {
  switch (kind) {
    case 'database':
      return {
        kind,
        driver: () => new DatabaseDriver(),
        env: () => ({ WORKSPACE_DRIVER: 'database' }),
        register: () => undefined,
        isUp: async (ws) => (await pool.query(`SELECT is_running FROM workspaces WHERE id = $1`, [ws.id])).rows[0].is_running,
        failStop: () => {
          throw new Error('the database driver cannot fail');
        },
        calls: () => 0,
        dispose: async () => undefined,
      };
    case 'systemd': {
      const fake = new FakeSystemd();
      const unit = (ws: RuntimeWorkspace) => `code-server@${ws.linuxUsername}.service`;
      return {
        kind,
        driver: (timeoutMs = 5_000) =>
          new SystemdDriver({ unitTemplate: 'code-server@{linux_username}.service', commandPrefix: [], timeoutMs, env: fake.processEnv() }),
        env: () => ({ WORKSPACE_DRIVER: 'systemd', ...fake.env() }),
        register: (ws, running) => fake.setUnit(unit(ws), running ? 'active' : 'inactive'),
        isUp: async (ws) => fake.unit(unit(ws)) === 'active',
        failStop: (ws, times) => fake.failNext('stop', unit(ws), times),
        calls: (verb, ws) => fake.calls(`${verb} ${unit(ws)}`).length,
        dispose: async () => fake.dispose(),
      };
    }
    case 'docker': {
      const engine = await FakeDockerEngine.start();
      const container = (ws: RuntimeWorkspace) => `code-server-${ws.linuxUsername}`;
      return {
        kind,
        driver: (timeoutMs = 5_000) =>
          new DockerDriver({ socketPath: engine.socketPath, containerTemplate: 'code-server-{linux_username}', timeoutMs }),
        env: () => ({ WORKSPACE_DRIVER: 'docker', DOCKER_SOCKET: engine.socketPath }),
        register: (ws, running) => engine.add(container(ws), running),
        isUp: async (ws) => engine.running(container(ws)) === true,
        failStop: (ws, times) => engine.failNext('stop', container(ws), times),
        calls: (verb, ws) => engine.calls.filter((c) => c === `POST /containers/${container(ws)}/${verb}`).length,
        dispose: () => engine.close(),
      };
    }
  }
}
