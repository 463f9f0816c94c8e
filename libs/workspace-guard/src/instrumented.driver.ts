import { performance } from 'node:perf_hooks';
import type { DriverCall, GuardMetrics } from './guard.ports';
import { WorkspaceDriverError } from './workspace-driver.error';
import type { DriverWorkspace, RuntimeState, WorkspaceDriver } from './workspace-driver.port';

/** Times every call and turns whatever a driver throws into a WorkspaceDriverError. */
export class InstrumentedDriver implements WorkspaceDriver {
  readonly name: WorkspaceDriver['name'];
  readonly observesRuntime: boolean;
  readonly flagsOnly: boolean;

  constructor(
    private readonly inner: WorkspaceDriver,
    private readonly metrics: GuardMetrics,
  ) {
    this.name = inner.name;
    this.observesRuntime = inner.observesRuntime;
    this.flagsOnly = inner.flagsOnly;
  }

  stop(workspace: DriverWorkspace): Promise<void> {
    return this.measure('stop', () => this.inner.stop(workspace));
  }

  start(workspace: DriverWorkspace): Promise<void> {
    return this.measure('start', () => this.inner.start(workspace));
  }

  state(workspace: DriverWorkspace): Promise<RuntimeState> {
    return this.measure('state', () => this.inner.state(workspace));
  }

  target(workspace: DriverWorkspace): string {
    return this.inner.target(workspace);
  }

  private async measure<T>(call: DriverCall, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work();
      this.metrics.driverCall(this.name, call, true, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.driverCall(this.name, call, false, (performance.now() - started) / 1000);
      if (error instanceof WorkspaceDriverError) throw error;
      throw new WorkspaceDriverError(`${this.name} driver ${call} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
