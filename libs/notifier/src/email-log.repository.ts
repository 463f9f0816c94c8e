import type { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { DeliveryReportStore, type AppliedReports, type BouncedRow, type DeliveryReport } from './delivery-report';
import { EmailLedger, type ClaimResult, type DeliveryStatus, type LedgerEntry } from './email-ledger.port';
import { GroupCommit } from './group-commit';

interface SentRecord {
  dedupKey: string;
  messageId: string | null;
  at: Date;
  event: Envelope<'notification.email.sent'>;
}

const GROUPS = { maxBatch: 200, maxConcurrent: 2 };

type NotificationEnvelope = Envelope<'notification.email.sent' | 'notification.email.failed' | 'notification.email.bounced'>;

const byMail = (envelope: NotificationEnvelope) => `email:${envelope.data.dedupKey}`;

// One statement per report kind, applied in this order, so a batch gives the same result whatever
// order Mailjet listed its events in. Every condition makes a replay a no-op.
const REPORT_UPDATES: Record<DeliveryReport['kind'], { set: string; where: string }> = {
  delivered: {
    set: `delivery_status = 'delivered', mailjet_message_id = COALESCE(e.mailjet_message_id, m.message_id)`,
    where: `e.delivery_status IN ('pending', 'sent')`,
  },
  opened: {
    set: `opened_at = m.at, delivery_status = CASE WHEN e.delivery_status IN ('pending', 'sent') THEN 'delivered' ELSE e.delivery_status END`,
    where: `(e.opened_at IS NULL OR m.at < e.opened_at)`,
  },
  clicked: {
    set: `clicked_at = m.at, delivery_status = CASE WHEN e.delivery_status IN ('pending', 'sent') THEN 'delivered' ELSE e.delivery_status END`,
    where: `(e.clicked_at IS NULL OR m.at < e.clicked_at)`,
  },
  spam: { set: `error = 'spam'`, where: `e.error IS NULL AND e.delivery_status <> 'bounced'` },
  bounced: {
    set: `delivery_status = 'bounced', error = COALESCE(m.error, 'bounced'), mailjet_message_id = COALESCE(e.mailjet_message_id, m.message_id)`,
    where: `e.delivery_status IN ('pending', 'sent', 'delivered')`,
  },
};

// UPDATE … RETURNING is wrapped in a CTE: TypeORM's query() answers a bare UPDATE with [rows, count].

/** email_logs for the notifier: the ledger of sends and the target of Mailjet's delivery reports. */
export class EmailLogRepository extends EmailLedger implements DeliveryReportStore {
  private readonly outbox = new OutboxWriter();
  // Claims and sent-records of concurrent handlers share statements and transactions (group commit).
  private readonly claims = new GroupCommit((claims: { entry: LedgerEntry; at: Date }[]) => this.claimMany(claims), GROUPS);
  private readonly sends = new GroupCommit((sends: SentRecord[]) => this.recordSentMany(sends), GROUPS);

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  claim(entry: LedgerEntry, at: Date): Promise<ClaimResult> {
    return this.claims.submit({ entry, at });
  }

  /** One INSERT for every claim that arrived together; then one SELECT for the keys that existed. */
  private async claimMany(claims: { entry: LedgerEntry; at: Date }[]): Promise<ClaimResult[]> {
    const column = <T>(pick: (c: { entry: LedgerEntry; at: Date }) => T) => claims.map(pick);
    // A user or company the platform has deleted meanwhile must not block the mail: the ids become NULL.
    const inserted: { dedup_key: string }[] = await this.dataSource.query(
      `INSERT INTO email_logs ("timestamp", user_id, company_id, email_type, recipient_email, subject, content_hash,
                               sent_at, delivery_status, dedup_key, last_attempt_at)
       SELECT i.at, u.id, c.id, i.email_type, i.recipient, i.subject, i.content_hash, i.at, 'pending', i.dedup_key, now()
       FROM unnest($1::timestamp[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              AS i(at, user_id, company_id, email_type, recipient, subject, content_hash, dedup_key)
       LEFT JOIN users u ON u.id = i.user_id
       LEFT JOIN companies c ON c.id = i.company_id
       -- in key order: two groups claiming the same keys wait for each other instead of deadlocking
       ORDER BY i.dedup_key
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING dedup_key`,
      [
        column((c) => c.at),
        column((c) => c.entry.userId),
        column((c) => c.entry.companyId),
        column((c) => c.entry.emailType),
        column((c) => c.entry.recipient),
        column((c) => c.entry.subject),
        column((c) => c.entry.contentHash),
        column((c) => c.entry.dedupKey),
      ],
    );
    const claimed = new Set(inserted.map((r) => r.dedup_key));
    const existing = [...new Set(claims.map((c) => c.entry.dedupKey).filter((key) => !claimed.has(key)))];
    // A separate statement: its snapshot sees the rows that made the insert conflict, even if committed just now.
    const rows: { dedup_key: string; status: DeliveryStatus | null; age_ms: number | null }[] = existing.length
      ? await this.dataSource.query(
          `SELECT dedup_key, delivery_status AS status, (extract(epoch FROM now() - last_attempt_at) * 1000)::float8 AS age_ms
           FROM email_logs WHERE dedup_key = ANY($1::text[])`,
          [existing],
        )
      : [];
    const found = new Map(rows.map((r) => [r.dedup_key, r]));
    return claims.map(({ entry }): ClaimResult => {
      if (claimed.delete(entry.dedupKey)) return { state: 'claimed' };
      const row = found.get(entry.dedupKey);
      // The same key twice in one group: the first claimed it, the other sees a send in progress.
      if (!row) return { state: 'pending', lastAttemptAgeMs: 0 };
      // NULL is the platform's column default, which means 'sent'.
      const status = row.status ?? 'sent';
      if (status === 'pending') return { state: 'pending', lastAttemptAgeMs: row.age_ms ?? Number.POSITIVE_INFINITY };
      return { state: 'done', status };
    });
  }

  async beginAttempt(dedupKey: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_logs SET last_attempt_at = now() WHERE dedup_key = $1 AND delivery_status = 'pending'`,
      [dedupKey],
    );
  }

  async noteTransientFailure(dedupKey: string, error: string, maybeAccepted: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_logs SET error = $2, last_attempt_at = CASE WHEN $3 THEN last_attempt_at END,
              unknown_outcomes = unknown_outcomes + CASE WHEN $3 THEN 1 ELSE 0 END
       WHERE dedup_key = $1 AND delivery_status = 'pending'`,
      [dedupKey, error.slice(0, 2_000), maybeAccepted],
    );
  }

  recordSent(dedupKey: string, messageId: string | null, at: Date, event: Envelope<'notification.email.sent'>): Promise<void> {
    return this.sends.submit({ dedupKey, messageId, at, event });
  }

  private async recordSentMany(sends: SentRecord[]): Promise<void[]> {
    // in key order, so that two groups touching the same rows lock them in the same order
    const sorted = [...sends].sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0));
    await this.dataSource.transaction(async (manager) => {
      // A delivery report may have arrived first (the webhook knows the message by its CustomID): keep its status.
      await manager.query(
        `UPDATE email_logs e SET
           mailjet_message_id = COALESCE(e.mailjet_message_id, v.message_id),
           sent_at = CASE WHEN e.delivery_status = 'pending' THEN v.at ELSE e.sent_at END,
           error = CASE WHEN e.delivery_status = 'pending' THEN NULL ELSE e.error END,
           delivery_status = CASE WHEN e.delivery_status = 'pending' THEN 'sent' ELSE e.delivery_status END
         FROM unnest($1::text[], $2::text[], $3::timestamp[]) AS v(dedup_key, message_id, at)
         WHERE e.dedup_key = v.dedup_key`,
        [sorted.map((s) => s.dedupKey), sorted.map((s) => s.messageId), sorted.map((s) => s.at)],
      );
      await this.outbox.append(
        manager,
        sorted.map((s) => s.event),
        byMail,
      );
    });
    return sends.map(() => undefined);
  }

  async recordFailed(dedupKey: string, error: string, event: Envelope<'notification.email.failed'>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await manager.query(
        `WITH u AS (
           UPDATE email_logs SET delivery_status = 'failed', error = $2 WHERE dedup_key = $1 AND delivery_status = 'pending' RETURNING id
         ) SELECT id FROM u`,
        [dedupKey, error.slice(0, 2_000)],
      );
      if (updated.length === 0) return false;
      await this.outbox.append(manager, [event], byMail);
      return true;
    });
  }

  async apply(
    reports: readonly DeliveryReport[],
    bouncedEvent: (row: BouncedRow & { dedupKey: string }) => Envelope<'notification.email.bounced'>,
  ): Promise<AppliedReports> {
    if (reports.length === 0) return { changed: 0, bounced: 0 };
    return this.dataSource.transaction(async (manager) => {
      let changed = 0;
      let bounced: BouncedRow[] = [];
      for (const kind of Object.keys(REPORT_UPDATES) as DeliveryReport['kind'][]) {
        const batch = reports.filter((r) => r.kind === kind);
        if (batch.length === 0) continue;
        const rows = await this.applyKind(manager, kind, batch);
        changed += rows.length;
        if (kind === 'bounced') bounced = rows;
      }
      // Rows without a dedup key are the platform's own mails: their status is kept, but they are not our facts to announce.
      const ours = bounced.filter((row): row is BouncedRow & { dedupKey: string } => row.dedupKey !== null);
      if (ours.length > 0) await this.outbox.append(manager, ours.map(bouncedEvent), byMail);
      return { changed, bounced: ours.length };
    });
  }

  private async applyKind(manager: EntityManager, kind: DeliveryReport['kind'], reports: readonly DeliveryReport[]): Promise<BouncedRow[]> {
    const { set, where } = REPORT_UPDATES[kind];
    // Reports are matched by CustomID (our dedup key) or by MessageID; several reports of one mail collapse to the earliest.
    const rows: {
      dedup_key: string | null;
      email_type: string;
      recipient_email: string;
      company_id: number | null;
      mailjet_message_id: string | null;
      error: string | null;
      at: Date;
    }[] = await manager.query(
      `WITH r AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[]) AS r(custom_id, message_id, at, error)
       ), m AS (
         SELECT e.id, min(r.at) AS at, (array_agg(r.error ORDER BY r.at))[1] AS error,
                (array_agg(r.message_id ORDER BY r.at) FILTER (WHERE r.message_id IS NOT NULL))[1] AS message_id
         FROM r JOIN email_logs e ON e.dedup_key = r.custom_id OR e.mailjet_message_id = r.message_id
         GROUP BY e.id
       ), u AS (
         UPDATE email_logs e SET ${set}
         FROM m
         WHERE e.id = m.id AND ${where}
         RETURNING e.dedup_key, e.email_type, e.recipient_email, e.company_id, e.mailjet_message_id, e.error, m.at
       )
       SELECT * FROM u`,
      [reports.map((r) => r.customId), reports.map((r) => r.messageId), reports.map((r) => r.at), reports.map((r) => r.error)],
    );
    return rows.map((row) => ({
      dedupKey: row.dedup_key,
      emailType: row.email_type,
      recipient: row.recipient_email,
      companyId: row.company_id,
      messageId: row.mailjet_message_id,
      error: row.error,
      at: row.at,
    }));
  }
}
