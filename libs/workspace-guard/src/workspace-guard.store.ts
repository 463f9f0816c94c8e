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

/** A workspace to mark suspended after the driver call, with what to write when it was still `active`. */
export interface SuspendedChange {
  workspace: GuardWorkspace;
  at: Date;
  /** The driver stopped it now: last_stopped_at moves. */
  stopped: boolean;
  audit: AuditEntry;
  envelope: Envelope<'workspace.stopped'>;
}

/** A workspace to mark restored after the driver call, with what to write when it was still `suspended`. */
export interface RestoredChange {
  workspace: GuardWorkspace;
  at: Date;
  /** The driver started it now: is_running and last_started_at move. */
  started: boolean;
  audit: AuditEntry;
  envelope: Envelope<'workspace.started'>;
}

/** What a handler found in the ledger and the company's decision, read in one round trip. */
export interface GuardLookup {
  /** The event is in `processed_messages` already. */
  processed: boolean;
  decision: CompanyDecision | null;
}

/** A workspace the set-based suspend changed from `active` to `suspended`. */
export interface SuspendedRow {
  workspace: GuardWorkspace;
  /** As recorded in `workspace_suspensions` (an earlier record wins). */
  wasRunning: boolean;
  /** It was running: last_stopped_at moved. */
  stopped: boolean;
}

/** A suspension record the set-based restore handled (and deleted), with the status the workspace had. */
export interface RestoredRow {
  workspace: GuardWorkspace;
  wasRunning: boolean;
  /** `suspended`: restored now; `active`: an interrupted suspension, set running again; `pending`/`failed`: left alone. */
  previous: PlatformWorkspaceStatus;
}

/** Rows written together with a handler's changes: audit rows, outbox events, and its ledger entry. */
export interface GuardFacts {
  audits: readonly AuditEntry[];
  envelopes: readonly Envelope<'workspace.stopped' | 'workspace.started'>[];
  /** Event id to record in `processed_messages`; null when the event is not finished (driver failures). */
  processed: string | null;
}

/**
 * What one handler may do while it holds its company's lock. Handlers of drivers that act on something
 * real (systemd, docker) work in steps around the driver calls; a flags-only driver's handler runs in one
 * transaction and uses `suspendAll` / `restoreAll`.
 */
export interface CompanySession {
  lookup(event: GuardEvent): Promise<GuardLookup>;
  markProcessed(eventId: string): Promise<void>;
  recordDecision(event: GuardEvent): Promise<void>;
  /** The company's `active` workspaces (pending, failed and suspended ones are not the guard's). */
  activeWorkspaces(companyId: number): Promise<GuardWorkspace[]>;
  /**
   * Records whether each workspace ran, before the driver touches it; the first record wins. Returns the
   * recorded value per workspace id.
   */
  rememberSuspensions(items: readonly { workspace: GuardWorkspace; wasRunning: boolean }[], event: GuardEvent, at: Date): Promise<Map<number, boolean>>;
  /**
   * One transaction: every workspace of `changes` that is still `active` becomes `suspended`, with its audit
   * row and outbox event (none for the others), and `processed` goes into the ledger. Returns the ids changed.
   */
  markSuspended(changes: readonly SuspendedChange[], processed: string | null): Promise<Set<number>>;
  suspensions(companyId: number): Promise<Suspension[]>;
  /**
   * One transaction: each workspace of `changes` becomes `active` again and its suspension record goes; the
   * audit row and event are written only for those that were still `suspended`; `processed` goes into the
   * ledger. Returns the status each one had.
   */
  markRestored(changes: readonly RestoredChange[], processed: string | null): Promise<Map<number, PlatformWorkspaceStatus>>;
  /** Drops the suspension records of workspaces the platform has since moved to pending or failed. */
  forgetSuspensions(workspaceIds: readonly number[]): Promise<void>;
  /** One transaction: the outbox event and, when it is new, the audit row. False when the event was already written. */
  recordFailure(envelope: Envelope<'workspace.action_failed'>, audit: AuditEntry): Promise<boolean>;
  /**
   * Flags-only drivers, in the handler's transaction: records the decision and suspends every `active`
   * workspace of the company in one statement (suspension records, status, is_running, last_stopped_at).
   */
  suspendAll(event: GuardEvent, at: Date): Promise<SuspendedRow[]>;
  /**
   * Flags-only drivers, in the handler's transaction: records the decision, restores every workspace the
   * guard suspended that is `suspended` or `active`, and deletes all the company's suspension records.
   */
  restoreAll(event: GuardEvent, at: Date): Promise<RestoredRow[]>;
  /** In the handler's transaction: audit rows and ledger entry in one statement, then the outbox events. */
  recordFacts(facts: GuardFacts): Promise<void>;
}

/** Storage of the guard; workspace-guard.repository.ts implements it in SQL. */
export interface WorkspaceGuardStore {
  /** Runs `work` while holding the company's lock: one handler per company at a time, across processes. */
  withCompanyLock<T>(companyId: number, work: (session: CompanySession) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction that holds the company's lock until it commits (the same lock as
   * `withCompanyLock`): for handlers that make no driver calls.
   */
  withCompanyTransaction<T>(companyId: number, work: (session: CompanySession) => Promise<T>): Promise<T>;
}
