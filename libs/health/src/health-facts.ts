/**
 * Rows a query returned, at most the issue limit of them, and how many matched: exact up to the count
 * cap, cap + 1 when more than cap matched (facts-rows.ts, readBounded).
 */
export interface Capped<T> {
  rows: T[];
  total: number;
}

export interface SubscriptionRef {
  subscriptionId: number;
  companyId: number;
  companyName: string | null;
  status: string;
}

export interface WorkspaceRef {
  workspaceId: number;
  workspaceName: string;
  companyId: number;
  companyName: string | null;
}

export interface InactiveRunningWorkspace extends WorkspaceRef {
  subscriptionId: number;
  subscriptionStatus: string;
  /** `subscriptions.updated_at`: when the subscription last changed (e.g. became suspended). */
  statusSince: Date;
}

export interface OrphanRunningWorkspace extends WorkspaceRef {
  /** null: the company has no subscription. */
  subscriptionStatus: string | null;
}

/** The latest `workspace.action_failed` of a workspace that no later stop or start followed. */
export interface UnresolvedActionFailure {
  workspaceId: number;
  workspaceName: string;
  companyId: number;
  action: 'stop' | 'start';
  reason: string;
  error: string;
  occurredAt: string;
  eventId: string;
}

/** What workspace-health reads (workspace-facts.repository.ts). */
/** A workspace workspace-guard stopped while it ran (a `workspace_suspensions` row with `was_running`). */
export interface GuardStoppedWorkspace {
  workspaceId: number;
  workspaceName: string;
  linuxUsername: string;
  /** `workspaces.is_running`: the database's view (the driver's real state, where it has one, decides). */
  isRunning: boolean;
}

/** A company whose subscription is trial or active again while workspaces the guard stopped are not restored. */
export interface GuardStoppedCompany {
  companyId: number;
  companyName: string | null;
  subscriptionId: number;
  subscriptionStatus: string;
  /** subscriptions.updated_at: since when it is trial or active. */
  statusSince: Date;
  workspaces: GuardStoppedWorkspace[];
}

export interface WorkspaceFacts {
  subscriptionsWithoutWorkspace: Capped<SubscriptionRef>;
  runningWhileInactive: Capped<InactiveRunningWorkspace>;
  orphanRunning: Capped<OrphanRunningWorkspace>;
  actionFailures: Capped<UnresolvedActionFailure>;
  /** Candidates of workspace.stopped_while_active, one per company (still stopped: see RunHealthCheckUseCase). */
  guardStopped: Capped<GuardStoppedCompany>;
}

export interface PaymentWithoutInvoice {
  paymentId: number;
  companyId: number;
  subscriptionId: number | null;
  amount: number;
  currency: string;
  paidAt: Date;
}

export interface InvoiceMismatch {
  invoiceId: number;
  invoiceNumber: string;
  companyId: number;
  totalAmount: number;
  invoiceCurrency: string;
  paymentId: number;
  paymentAmount: number;
  paymentCurrency: string;
}

export interface LaggingTrial extends SubscriptionRef {
  trialEndsAt: Date;
}

export interface StuckDunning extends SubscriptionRef {
  paymentId: number;
  /** Retries made: the larger of the failed row's retry_count and the rows retrying the same first failure. */
  retries: number;
  failedAt: Date;
}

/** A retry whose outcome stayed unknown past PAYMENT_OUTCOME_TIMEOUT: its chain charges nothing until PayTR answers. */
export interface UnknownOutcome extends SubscriptionRef {
  paymentId: number;
  merchantOid: string;
  since: Date;
}

/** A success that arrived after billing had recorded the attempt as failed or unknown (an audit row of billing's). */
export interface LateSettlement {
  paymentId: number;
  companyId: number;
  companyName: string | null;
  merchantOid: string;
  settledAt: Date;
}

/** A PayTR notification that is not billing's and that the platform's callback has not accepted yet. */
export interface FailingForward {
  merchantOid: string;
  attempts: number;
  lastError: string;
  firstAt: Date;
}

/** What billing-health reads. */
export interface BillingFacts {
  unknownOutcomes: Capped<UnknownOutcome>;
  lateSettlements: Capped<LateSettlement>;
  failingForwards: Capped<FailingForward>;
  paymentsWithoutInvoice: Capped<PaymentWithoutInvoice>;
  invoiceMismatches: Capped<InvoiceMismatch>;
  activeWithoutPaymentMethod: Capped<SubscriptionRef>;
  laggingTrials: Capped<LaggingTrial>;
  stuckDunning: Capped<StuckDunning>;
  companiesWithoutAdmin: Capped<SubscriptionRef>;
  trialsWithoutEnd: Capped<SubscriptionRef>;
}

export interface EmailWindowStats {
  /** Mails in the window with an outcome (every status but `pending`). */
  judged: number;
  failed: number;
  bounced: number;
  /** Neither failed nor bounced, but reported as spam by the recipient (email_logs.error = 'spam'). */
  spam?: number;
}

export interface StuckPendingMails {
  count: number;
  oldestId: number | null;
  oldestSentAt: Date | null;
}

export interface FailedMailsOfType {
  emailType: string;
  count: number;
  latestId: number;
  latestError: string | null;
}

/** Mails of the window with at least one send of unknown outcome (email_logs.unknown_outcomes > 0). */
export interface UnknownOutcomeMails {
  count: number;
  /** Of those, still `pending` (their CustomID lookups are not settled yet). */
  pending: number;
}

/** What email-health reads, for the window ending at the tick. */
export interface EmailFacts {
  window: EmailWindowStats;
  stuckPending: StuckPendingMails;
  failedByType: FailedMailsOfType[];
  unknownOutcomes: UnknownOutcomeMails;
}

export interface DeadLetterCount {
  /** The consumer that gave up, e.g. `billing--clock_tick_trial-expiry`. */
  consumer: string;
  count: number;
}

export interface ConsumerState {
  stream: string;
  consumer: string;
  /** Messages not yet delivered. */
  pending: number;
  /** Delivered, not yet acknowledged. */
  ackPending: number;
}

/** JetStream's side of the pipeline, in this namespace (names without the namespace). */
export interface PipelineState {
  deadLetters: DeadLetterCount[];
  /** The services' own durables (`<service>--<subject pattern>`). */
  consumers: ConsumerState[];
  /** Durables on our streams that this product did not create: other platform services reading our events. */
  outsideConsumers: ConsumerState[];
}

export interface ScheduleSlot {
  schedule: string;
  /** The latest fired slot (scheduled, catch-up or simulated; manual runs are not slots). */
  lastSlot: Date;
}

/** What the clock left in clock_slots. */
export interface SlotFacts {
  lastSlots: ScheduleSlot[];
  /** The first slot the clock ever recorded still in the table: the reference for schedules that never ticked. */
  firstSlot: Date | null;
}
