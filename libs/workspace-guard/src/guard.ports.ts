import type { WorkspaceDriverName } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import type { WorkspaceDriver } from './workspace-driver.port';

/** Nest's Logger fits. */
export interface GuardLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type DriverCall = 'stop' | 'start' | 'state';
export type EventOutcome = 'applied' | 'stale' | 'duplicate' | 'failed';

export interface GuardMetrics {
  driverCall(driver: WorkspaceDriverName, call: DriverCall, ok: boolean, seconds: number): void;
  event(subject: string, outcome: EventOutcome): void;
}

export const NO_GUARD_METRICS: GuardMetrics = { driverCall: () => undefined, event: () => undefined };

/** What the use cases run on. */
export interface GuardDeps {
  driver: WorkspaceDriver;
  clock: Clock;
  logger: GuardLogger;
}
