import type { Severity } from '@lifecycle/contracts';

export interface OpenIssueRow {
  code: string;
  severity: Severity;
  resource: string;
  message: string;
  check: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface CheckRunRow {
  check: string;
  lastScheduledAt: Date;
  lastRunAt: Date;
}

export interface MailHourRow {
  hour: Date;
  sent: number;
  failed: number;
  bounced: number;
  pending: number;
}

export interface TimelineRow {
  eventId: string;
  subject: string;
  occurredAt: string;
  source: string | null;
  data: Record<string, unknown>;
}

/** The read-only queries of GET /status (status.repository.ts). */
export interface StatusStore {
  openIssues(): Promise<OpenIssueRow[]>;
  checkRuns(): Promise<CheckRunRow[]>;
  /** Active subscriptions that renew without a stored card (the facts of `billing.no_payment_method`). */
  subscriptionsWithoutStoredCard(): Promise<number>;
  mailsPerHour(from: Date, to: Date): Promise<MailHourRow[]>;
  timeline(from: Date, to: Date, subjects: readonly string[], limit: number): Promise<TimelineRow[]>;
}
