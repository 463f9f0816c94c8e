import type { Envelope } from '@lifecycle/contracts';
import type { CompanyDecision } from './guard-decision.rule';
import type { GuardEvent } from './guard-event';
import type { DriverWorkspace } from './workspace-driver.port';

export type PlatformWorkspaceStatus = 'pending' | 'active' | 'suspended' | 'failed';

export interface GuardWorkspace extends DriverWorkspace {
  companyId: number;
  status: PlatformWorkspaceStatus;
}

/** A workspace the guard suspended (`workspace_suspensions`), with whether it ran at the time. */
export interface Suspension {
  workspace: GuardWorkspace;
  wasRunning: boolean;
}

/** An `audit_logs` row; request columns stay null (automation has no request). */
export interface AuditEntry {
  timestamp: Date;
  companyId: number;
  actionType: 'workspace_suspended' | 'workspace_restored' | 'workspace_action_failed';
  resourceId: number;
  details: Record<string, unknown>;
  success: boolean;
  errorMessage?: string;
}

export interface SuspendedChange {
  at: Date;
  /** The driver stopped it now: last_stopped_at moves. */
  stopped: boolean;
  audit: AuditEntry;
  envelope: Envelope<'workspace.stopped'>;
}

export interface RestoredChange {
  at: Date;
  /** The driver started it now: is_running and last_started_at move. */
  started: boolean;
  audit: AuditEntry;
  envelope: Envelope<'workspace.started'>;
}

/** What one handler may do while it holds its company's lock. */
export interface CompanySession {
  isProcessed(eventId: string): Promise<boolean>;
  markProcessed(eventId: string): Promise<void>;
  decision(companyId: number): Promise<CompanyDecision | null>;
  recordDecision(event: GuardEvent): Promise<void>;
  /** The company's `active` workspaces (pending, failed and suspended ones are not the guard's). */
  activeWorkspaces(companyId: number): Promise<GuardWorkspace[]>;
  /** Records whether the workspace ran, before the driver touches it; the first record wins. Returns the recorded value. */
  rememberSuspension(workspace: GuardWorkspace, wasRunning: boolean, event: GuardEvent, at: Date): Promise<boolean>;
  /** One transaction: `active` → `suspended`, audit row, outbox event; false (and nothing written) when it was not active. */
  markSuspended(workspace: GuardWorkspace, change: SuspendedChange): Promise<boolean>;
  suspensions(companyId: number): Promise<Suspension[]>;
  /**
   * One transaction: the workspace becomes `active` again and its suspension record goes; the audit row and
   * event are written only when it was still `suspended`. Returns the status it had.
   */
  markRestored(suspension: Suspension, change: RestoredChange): Promise<PlatformWorkspaceStatus | null>;
  /** Drops the suspension record of a workspace the platform has since moved to pending or failed. */
  forgetSuspension(workspaceId: number): Promise<void>;
  /** One transaction: the outbox event and, when it is new, the audit row. False when the event was already written. */
  recordFailure(envelope: Envelope<'workspace.action_failed'>, audit: AuditEntry): Promise<boolean>;
}

/** Storage of the guard; workspace-guard.repository.ts implements it in SQL. */
export interface WorkspaceGuardStore {
  /** Runs `work` while holding the company's lock: one handler per company at a time, across processes. */
  withCompanyLock<T>(companyId: number, work: (session: CompanySession) => Promise<T>): Promise<T>;
}
