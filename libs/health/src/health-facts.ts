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
export interface WorkspaceFacts {
  subscriptionsWithoutWorkspace: Capped<SubscriptionRef>;
  runningWhileInactive: Capped<InactiveRunningWorkspace>;
  orphanRunning: Capped<OrphanRunningWorkspace>;
  actionFailures: Capped<UnresolvedActionFailure>;
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

/** What billing-health reads. */
export interface BillingFacts {
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

/** What email-health reads, for the window ending at the tick. */
export interface EmailFacts {
  window: EmailWindowStats;
  stuckPending: StuckPendingMails;
  failedByType: FailedMailsOfType[];
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
