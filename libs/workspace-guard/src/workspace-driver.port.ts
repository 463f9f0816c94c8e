import type { WorkspaceDriverName } from '@lifecycle/contracts';

/** A workspace's real state as its driver sees it; `unknown` when the driver cannot tell. */
export type RuntimeState = 'running' | 'stopped' | 'unknown';

/** What a driver may know about a workspace: never its password. */
export interface DriverWorkspace {
  id: number;
  name: string;
  linuxUsername: string;
  /** `workspaces.is_running`: what the platform believes. */
  isRunning: boolean;
}

/**
 * Stops and starts workspaces (STYLE.md: every side effect behind a port). Implementations are
 * idempotent: stopping a stopped workspace, or starting a running one, succeeds.
 */
export interface WorkspaceDriver {
  readonly name: WorkspaceDriverName;
  /** False when `state` only repeats the database (the `database` driver). */
  readonly observesRuntime: boolean;
  /**
   * True when `stop` and `start` change nothing outside the database (the `database` driver): the guard
   * then changes a company's workspaces set-based, in one transaction, without calling the driver.
   */
  readonly flagsOnly: boolean;
  stop(workspace: DriverWorkspace): Promise<void>;
  start(workspace: DriverWorkspace): Promise<void>;
  state(workspace: DriverWorkspace): Promise<RuntimeState>;
  /** What the driver acts on, e.g. `code-server@alice.service`; for logs and `lifecyclectl workspaces`. */
  target(workspace: DriverWorkspace): string;
}
