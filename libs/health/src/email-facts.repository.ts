import type { EmailFacts, EmailWindowStats } from './health-facts';
import type { EmailFactsQuery, EmailFactsStore } from './health.ports';
import type { Queryable } from './facts-rows';

// delivery_status defaults to 'sent' on the platform; NULL is read as sent.
const EMAIL_WINDOW = `
  SELECT count(*) FILTER (WHERE COALESCE(delivery_status, 'sent') <> 'pending')::int AS judged,
         count(*) FILTER (WHERE delivery_status = 'failed')::int AS failed,
         count(*) FILTER (WHERE delivery_status = 'bounced')::int AS bounced,
         count(*) FILTER (WHERE error = 'spam' AND COALESCE(delivery_status, 'sent') NOT IN ('pending', 'failed', 'bounced'))::int AS spam
  FROM email_logs
  WHERE sent_at >= $1::timestamp AND sent_at < $2::timestamp`;

const STUCK_PENDING = `
  SELECT count(*)::int AS count, (array_agg(id ORDER BY sent_at, id))[1] AS oldest_id, min(sent_at) AS oldest_sent_at
  FROM email_logs
  WHERE delivery_status = 'pending' AND sent_at < $1::timestamp`;

const FAILED_BY_TYPE = `
  SELECT email_type, count(*)::int AS count, max(id) AS latest_id, (array_agg(error ORDER BY id DESC))[1] AS latest_error
  FROM email_logs
  WHERE delivery_status = 'failed' AND sent_at >= $1::timestamp AND sent_at < $2::timestamp
  GROUP BY email_type ORDER BY email_type`;

const UNKNOWN_OUTCOMES = `
  SELECT count(*)::int AS count, count(*) FILTER (WHERE delivery_status = 'pending')::int AS pending
  FROM email_logs
  WHERE unknown_outcomes > 0 AND sent_at >= $1::timestamp AND sent_at < $2::timestamp`;

/** email-health's read-only queries over email_logs. */
export class EmailFactsRepository implements EmailFactsStore {
  constructor(private readonly db: Queryable) {}

  async read({ from, to, stuckBefore }: EmailFactsQuery): Promise<EmailFacts> {
    const [window, [stuck], failed, [unknown]] = await Promise.all([
      this.window(from, to),
      this.db.query(STUCK_PENDING, [stuckBefore]),
      this.db.query(FAILED_BY_TYPE, [from, to]),
      this.db.query(UNKNOWN_OUTCOMES, [from, to]),
    ]);
    return {
      unknownOutcomes: { count: unknown.count, pending: unknown.pending },
      window,
      stuckPending: { count: stuck.count, oldestId: stuck.oldest_id, oldestSentAt: stuck.oldest_sent_at },
      failedByType: failed.map((r: { email_type: string; count: number; latest_id: number; latest_error: string | null }) => ({
        emailType: r.email_type,
        count: r.count,
        latestId: r.latest_id,
        latestError: r.latest_error,
      })),
    };
  }

  async window(from: Date, to: Date): Promise<EmailWindowStats> {
    const [row]: EmailWindowStats[] = await this.db.query(EMAIL_WINDOW, [from, to]);
    return { judged: row.judged, failed: row.failed, bounced: row.bounced, spam: row.spam };
  }
}
