import type { DriverWorkspace, RuntimeState, WorkspaceDriver } from './workspace-driver.port';

/** The design document's behaviour: flags in the database only, nothing runs or stops. */
export class DatabaseDriver implements WorkspaceDriver {
  readonly name = 'database' as const;
  readonly observesRuntime = false;
  readonly flagsOnly = true;

  async stop(): Promise<void> {}

  async start(): Promise<void> {}

  async state(workspace: DriverWorkspace): Promise<RuntimeState> {
    return workspace.isRunning ? 'running' : 'stopped';
  }

  target(workspace: DriverWorkspace): string {
    return `workspaces.id=${workspace.id}`;
  }
}
