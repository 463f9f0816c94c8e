import type { DataSource } from 'typeorm';
import type { Clock } from '@lifecycle/time';
import { ApplyGuardEvent } from './apply-guard-event.use-case';
import type { GuardLogger, GuardMetrics } from './guard.ports';
import type { WorkspaceDriver } from './workspace-driver.port';
import { WorkspaceGuardRepository } from './workspace-guard.repository';

export interface WorkspaceGuardParts {
  dataSource: DataSource;
  driver: WorkspaceDriver;
  clock: Clock;
  logger: GuardLogger;
  metrics?: GuardMetrics;
}

/** The composition root of the guard: its use case over the SQL store. */
export function createWorkspaceGuard(parts: WorkspaceGuardParts): ApplyGuardEvent {
  return new ApplyGuardEvent({ ...parts, store: new WorkspaceGuardRepository(parts.dataSource) });
}
