import type { Severity } from '@lifecycle/contracts';
import { ACTIVE_WITHOUT_PAYMENT_METHOD } from './billing-facts.repository';
import type { Queryable } from './facts-rows';
import type { CheckRunRow, MailHourRow, OpenIssueRow, StatusStore, TimelineRow } from './status.store';

const OPEN_ISSUES = `
  SELECT code, severity, resource, message, check_name, first_seen_at, last_seen_at
  FROM health_issues WHERE resolved_at IS NULL
  ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, first_seen_at, code, resource`;

const CHECK_RUNS = `SELECT check_name, last_scheduled_at, last_run_at FROM health_check_runs ORDER BY check_name`;

const MAILS_PER_HOUR = `
  SELECT date_trunc('hour', sent_at) AS hour,
         count(*) FILTER (WHERE COALESCE(delivery_status, 'sent') NOT IN ('failed', 'bounced', 'pending'))::int AS sent,
         count(*) FILTER (WHERE delivery_status = 'failed')::int AS failed,
         count(*) FILTER (WHERE delivery_status = 'bounced')::int AS bounced,
         count(*) FILTER (WHERE delivery_status = 'pending')::int AS pending
  FROM email_logs
  WHERE sent_at >= $1::timestamp AND sent_at < $2::timestamp
  GROUP BY 1 ORDER BY 1`;

// occurredAt is an ISO text in UTC ("…Z"): the text range uses the index, a second wider by a
// second on each side for fraction digits, and the cast keeps the bounds exact.
const TIMELINE = `
  SELECT event_id, subject, payload->>'occurredAt' AS occurred_at, payload->>'source' AS source, payload->'data' AS data
  FROM outbox_events
  WHERE payload->>'occurredAt' >= $1 AND payload->>'occurredAt' <= $2
    AND (payload->>'occurredAt')::timestamptz >= $3 AND (payload->>'occurredAt')::timestamptz <= $4
    AND subject LIKE ANY($5::text[])
  ORDER BY (payload->>'occurredAt')::timestamptz DESC, id DESC
  LIMIT $6`;

const SECOND = 1000;

/** Read-only queries of GET /status. */
export class StatusRepository implements StatusStore {
  constructor(private readonly db: Queryable) {}

  async openIssues(): Promise<OpenIssueRow[]> {
    const rows: { code: string; severity: Severity; resource: string; message: string; check_name: string | null; first_seen_at: Date; last_seen_at: Date }[] =
      await this.db.query(OPEN_ISSUES);
    return rows.map((r) => ({
      code: r.code,
      severity: r.severity,
      resource: r.resource,
      message: r.message,
      check: r.check_name,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
    }));
  }

  async checkRuns(): Promise<CheckRunRow[]> {
    const rows: { check_name: string; last_scheduled_at: Date; last_run_at: Date }[] = await this.db.query(CHECK_RUNS);
    return rows.map((r) => ({ check: r.check_name, lastScheduledAt: r.last_scheduled_at, lastRunAt: r.last_run_at }));
  }

  async subscriptionsWithoutStoredCard(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n ${ACTIVE_WITHOUT_PAYMENT_METHOD.from}`);
    return rows[0].n;
  }

  mailsPerHour(from: Date, to: Date): Promise<MailHourRow[]> {
    return this.db.query(MAILS_PER_HOUR, [from, to]);
  }

  async timeline(from: Date, to: Date, subjects: readonly string[], limit: number): Promise<TimelineRow[]> {
    const rows: { event_id: string; subject: string; occurred_at: string; source: string | null; data: Record<string, unknown> }[] =
      await this.db.query(TIMELINE, [
        new Date(from.getTime() - SECOND).toISOString(),
        new Date(to.getTime() + SECOND).toISOString(),
        from,
        to,
        subjects.map((s) => `${s.replaceAll('%', '\\%').replaceAll('_', '\\_')}%`),
        limit,
      ]);
    return rows.map((r) => ({ eventId: r.event_id, subject: r.subject, occurredAt: r.occurred_at, source: r.source, data: r.data ?? {} }));
  }
}
