import { DatabaseDriver } from './database.driver';
import { DockerDriver } from './docker.driver';
import { SystemdDriver } from './systemd.driver';
import type { WorkspaceDriverSettings } from './workspace-driver.env';
import type { WorkspaceDriver } from './workspace-driver.port';

/** The driver WORKSPACE_DRIVER names. */
export function createWorkspaceDriver(settings: WorkspaceDriverSettings, env?: NodeJS.ProcessEnv): WorkspaceDriver {
  switch (settings.driver) {
    case 'database':
      return new DatabaseDriver();
    case 'systemd':
      return new SystemdDriver({ ...settings.systemd, timeoutMs: settings.timeoutMs, env });
    case 'docker':
      return new DockerDriver({ ...settings.docker, timeoutMs: settings.timeoutMs });
  }
}
