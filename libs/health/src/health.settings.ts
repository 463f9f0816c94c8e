import { DEFAULT_SCHEDULES, type ScheduleDefinition } from '@lifecycle/scheduling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Thresholds of the checks; built from the environment at boot (health-check.env.ts). */
export interface HealthSettings {
  /** email.failure_rate: (failed + bounced) / mails judged, above this (0..1). */
  emailFailureRateThreshold: number;
  /** email.failure_rate is judged only from this many mails in the window on. */
  emailFailureRateMinMails: number;
  /** The window of email.failure_rate and email.failed ("the last hour"). */
  emailWindowMs: number;
  /** email.stuck_pending: a mail `pending` for longer than this. */
  emailStuckAfterMs: number;
  /** pipeline.consumer_lag: unacknowledged messages above this. */
  consumerLagThreshold: number;
  /**
   * pipeline.outside_consumer_lag: an outside consumer's unacknowledged messages above this; null (the
   * default): their lag is only reported (/status, metrics), never an issue, so never mailed.
   */
  outsideConsumerLagThreshold: number | null;
  /** billing.dunning_stuck: retries after which billing must have suspended. */
  maxPaymentRetries: number;
  /** billing.expiry_lagging: a trial ended more than two of these ago. */
  expiryIntervalMs: number;
  /** workspace.running_while_inactive: how long workspace-guard may take to stop workspaces. */
  workspaceStopGraceMs: number;
  /** billing.payment_without_invoice: how long a successful payment may wait for its invoice. */
  invoiceGraceMs: number;
  /**
   * CARD_STORAGE: the platform declares that it stores cards, so an active subscription without one is an
   * issue (`billing.no_payment_method`); otherwise such subscriptions are only counted.
   */
  cardStorage: boolean;
  /** Issues listed per code and run; the report's counts hold the numbers (up to countCap). */
  issueLimit: number;
  /**
   * Matches of one code counted per run at most: the count stops after countCap + 1, so a report count
   * above countCap reads "more than countCap" (docs/health.md, "Bounded queries"). At least issueLimit.
   */
  countCap: number;
  /** The clock's schedules (defaults, or SCHEDULES_FILE), for pipeline.schedule_stale and the status page. */
  schedules: readonly ScheduleDefinition[];
}

export function healthSettings(overrides: Partial<HealthSettings> = {}): HealthSettings {
  return {
    emailFailureRateThreshold: 0.05,
    emailFailureRateMinMails: 10,
    emailWindowMs: HOUR,
    emailStuckAfterMs: 30 * MINUTE,
    consumerLagThreshold: 1000,
    outsideConsumerLagThreshold: null,
    maxPaymentRetries: 3,
    expiryIntervalMs: 2 * HOUR,
    workspaceStopGraceMs: 15 * MINUTE,
    invoiceGraceMs: HOUR,
    issueLimit: 50,
    cardStorage: false,
    countCap: 1000,
    schedules: DEFAULT_SCHEDULES,
    ...overrides,
  };
}
