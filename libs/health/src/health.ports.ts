import type { Envelope, HealthCheckName, HealthIssue } from '@lifecycle/contracts';
import type { BillingFacts, EmailFacts, EmailWindowStats, PipelineState, SlotFacts, WorkspaceFacts } from './health-facts';

export interface WorkspaceFactsQuery {
  /** Running workspaces of subscriptions that changed after this are still being stopped (or restored). */
  stopGraceCutoff: Date;
  /** The workspace driver sees workspaces' real state (systemd, docker): is_running does not decide. */
  observesRuntime?: boolean;
  /** Rows read per problem (the issues kept). */
  limit: number;
  /** Matches counted per problem at most, plus one: a count above it means "more than cap". */
  cap: number;
}

export interface BillingFactsQuery {
  now: Date;
  /** Successful payments completed before this must have their invoice. */
  invoiceCutoff: Date;
  /** Trials that ended before this must have expired. */
  expiryCutoff: Date;
  maxPaymentRetries: number;
  /** Late settlements recorded since this are reported (the issue then resolves itself). */
  lateSettlementSince: Date;
  limit: number;
  cap: number;
}

export interface EmailFactsQuery {
  from: Date;
  to: Date;
  /** Mails pending since before this are stuck. */
  stuckBefore: Date;
}

// The read-only queries of the checks, one store per family (*-facts.repository.ts). Health never changes platform data.

export interface WorkspaceFactsStore {
  read(query: WorkspaceFactsQuery): Promise<WorkspaceFacts>;
}

export interface BillingFactsStore {
  read(query: BillingFactsQuery): Promise<BillingFacts>;
}

export interface EmailFactsStore {
  read(query: EmailFactsQuery): Promise<EmailFacts>;
  /** The mails of [from, to): also the failure-rate gauge. */
  window(from: Date, to: Date): Promise<EmailWindowStats>;
}

export interface SlotFactsStore {
  read(): Promise<SlotFacts>;
}

export interface HealthFacts {
  workspace: WorkspaceFactsStore;
  billing: BillingFactsStore;
  email: EmailFactsStore;
  slots: SlotFactsStore;
}

/**
 * Without Mailjet's Event API webhook, brings the delivery statuses it would have reported (bounces,
 * blocks, spam) into email_logs before email-health judges them: the one write of health to a platform
 * table, made with the notifier's webhook rules (libs/notifier, PollDeliveryStatusesUseCase).
 */
export interface DeliveryStatusPoller {
  /** Messages sent in [from, to); `now` is the tick's time. */
  poll(from: Date, to: Date, now: Date): Promise<{ listed: number; problems: number; changed: number; truncated: boolean }>;
}

/**
 * The workspace driver's view of a workspace (systemd: the unit, docker: the container), for
 * workspace.stopped_while_active. `observesRuntime` false (the database driver): is_running decides.
 */
export interface WorkspaceRuntimeProbe {
  readonly observesRuntime: boolean;
  state(workspace: { id: number; name: string; linuxUsername: string; isRunning: boolean }): Promise<'running' | 'stopped' | 'unknown'>;
}

/** JetStream's dead letters and consumer states in this namespace (pipeline.repository.ts). */
export interface PipelineProbe {
  state(): Promise<PipelineState>;
}

export interface StoredIssue extends HealthIssue {
  firstSeenAt: Date;
}

export interface ResolvedIssue extends StoredIssue {
  resolvedAt: Date;
}

export interface IssueChanges {
  raised: StoredIssue[];
  resolved: ResolvedIssue[];
}

export interface HealthRun {
  check: HealthCheckName;
  /** The tick's scheduledAt: first_seen_at, last_seen_at and resolved_at. */
  now: Date;
  /** The Clock port's time, recorded as the run's wall time. */
  runAt: Date;
  issues: HealthIssue[];
}

export interface RecordOutcome extends IssueChanges {
  /** An older tick than the latest run of this check: its report is published, issues are left alone. */
  stale: boolean;
  /** Events new in the outbox (a rerun of a tick writes none). */
  written: number;
}

/** health_issues and the outbox, in one transaction per run (health-issue.repository.ts). */
export interface IssueLifecycleStore {
  record(run: HealthRun, events: (changes: IssueChanges) => Envelope[]): Promise<RecordOutcome>;
  /** The latest tick a run of this check recorded (health_check_runs), null before the first. */
  lastScheduledAt(check: HealthCheckName): Promise<Date | null>;
  openIssueCounts(): Promise<{ code: string; severity: string; count: number }[]>;
}

export interface HealthLogger {
  log(message: string): void;
  warn(message: string): void;
}
