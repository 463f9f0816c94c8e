import type { Severity } from '@lifecycle/contracts';
import type { ConsumerState, DeadLetterCount } from './health-facts';
import type { ScheduleView } from './schedule-staleness';

export interface OpenIssueView {
  code: string;
  severity: Severity;
  resource: string;
  message: string;
  check: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** What to do about it (docs/health.md). */
  action: string | null;
}

export interface CheckRunView {
  check: string;
  lastScheduledAt: string | null;
  lastRunAt: string | null;
  openIssues: number;
}

export interface MailHour {
  /** Start of the hour, UTC. */
  hour: string;
  sent: number;
  /** Failed or bounced. */
  failed: number;
}

export interface EmailStatsView {
  from: string;
  to: string;
  sent: number;
  failed: number;
  bounced: number;
  pending: number;
  /** (failed + bounced) / mails with an outcome. */
  failureRate: number;
  hourly: MailHour[];
}

export interface TimelineEntry {
  at: string;
  subject: string;
  id: string;
  source: string | null;
  /** Ids and a few key facts of the event (never addresses or names). */
  facts: Record<string, string | number | boolean | null>;
}

export interface PipelineView {
  consumers: (ConsumerState & { lag: number })[];
  /** Outside consumers' durables, apart: their lag is never this system's issue unless OUTSIDE_CONSUMER_LAG_THRESHOLD is set. */
  outsideConsumers: (ConsumerState & { lag: number })[];
  deadLetters: DeadLetterCount[];
  /** Set when JetStream could not be asked; the lists are then empty. */
  error: string | null;
}

/** GET /status: what the status page shows (docs/health.md, "Status"). */
export interface HealthStatus {
  generatedAt: string;
  openIssues: OpenIssueView[];
  checks: CheckRunView[];
  schedules: ScheduleView[];
  pipeline: PipelineView;
  email: EmailStatsView;
  /** Active subscriptions that renew without a stored card; an issue each only when `cardStorage` (CARD_STORAGE) is on. */
  billing: { withoutStoredCard: number; cardStorage: boolean };
  timeline: { from: string; to: string; limit: number; entries: TimelineEntry[] };
}
