import type { EntityManager } from 'typeorm';
import { insertOutboxEvents } from './billing-outbox.repository';
import { MILESTONE_LEAD_MS, milestoneHorizonMs } from './milestone.rule';
import type { ReminderCandidate, ReminderPage, ReminderPageQuery, ReminderStore, PendingReminder } from './reminder.store';
import { anomalyReport, type AnomalyReport, type AnomalyGroup } from './skip-log';
import type { SweepRange } from './sweep-shards';
import type { SkipReason } from './sweep.types';

/** What distinguishes trial from renewal reminders in SQL; `s` is subscriptions. Trusted constants only. */
export interface ReminderSource {
  candidates: string;
  endsAt: string;
  startedAt: string;
  missingEnd: SkipReason;
  /** Also read the most recent successful payment (renewal amounts). */
  lastPayment: boolean;
}

export const TRIAL_REMINDER_SOURCE: ReminderSource = {
  candidates: `s.status = 'trial'`,
  endsAt: 's.trial_ends_at',
  startedAt: 'COALESCE(s.trial_starts_at, s.created_at)',
  missingEnd: 'no_trial_end',
  lastPayment: false,
};

// ARCHITECTURE.md, "Business rules": renewal reminders skip subscriptions cancelled at period end.
export const RENEWAL_REMINDER_SOURCE: ReminderSource = {
  candidates: `s.status = 'active' AND NOT s.cancel_at_period_end`,
  endsAt: 's.current_period_end',
  startedAt: 'COALESCE(s.current_period_start, s.created_at)',
  missingEnd: 'no_period_end',
  lastPayment: true,
};

// The milestone rule (milestone.rule.ts) for row p at $1 = now, milestones $ms, lead $lead ms.
const dueMilestone = (ms: string, lead: string) => `(
  SELECT min(d) FROM unnest(${ms}::int[]) AS d
  WHERE p.ends_at - d * interval '1 day' - ${lead}::float8 * interval '1 millisecond' <= $1::timestamp
    AND p.started_at <= p.ends_at - d * interval '1 day')`;

const ADMIN = `SELECT u.id, u.email, u.full_name FROM users u
  WHERE u.company_id = p.company_id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1`;

const LAST_PAYMENT = `SELECT pm.amount, pm.currency FROM payments pm
  WHERE pm.subscription_id = p.id AND pm.status = 'success'
  ORDER BY COALESCE(pm.completed_at, pm.created_at) DESC NULLS LAST, pm.id DESC LIMIT 1`;

interface PageRow {
  scanned: number;
  last_id: number | null;
  last_end: string | null;
  subscription_id: number | null;
  skip_reason: 'company_missing' | 'no_admin' | null;
  company_id: number;
  plan: string;
  ends_at: Date;
  days_before: number;
  company_name: string;
  preferred_currency: string;
  admin_id: number;
  admin_email: string;
  admin_name: string;
  amount: number | null;
  currency: string | null;
}

/** Trial or renewal reminders in SQL, page by page (keyset on id), never the whole window at once. */
export class ReminderRepository implements ReminderStore {
  private readonly pageSql: string;
  private readonly anomalySql: string;

  constructor(
    private readonly manager: EntityManager,
    private readonly source: ReminderSource,
  ) {
    this.pageSql = pageSql(source);
    this.anomalySql = anomalySql(source);
  }

  async anomalies({ sampleLimit, range }: { sampleLimit: number; range: SweepRange }): Promise<AnomalyReport> {
    const rows: AnomalyGroup[] = await this.manager.query(this.anomalySql, [sampleLimit, range.afterId, range.throughId]);
    return anomalyReport(rows, sampleLimit);
  }

  emitPage(query: ReminderPageQuery, build: (page: ReminderPage) => PendingReminder[]) {
    return this.manager.transaction(async (manager) => {
      const rows: PageRow[] = await manager.query(this.pageSql, [
        query.now,
        horizon(query.now, query.milestones),
        query.range.afterId,
        query.limit,
        query.milestones,
        MILESTONE_LEAD_MS,
        query.range.throughId,
        query.after?.endsAt ?? null,
        query.after?.id ?? null,
      ]);
      const last = rows[0];
      const page: ReminderPage = {
        scanned: last?.scanned ?? 0,
        next: last?.last_id == null || last.last_end === null ? null : { endsAt: last.last_end, id: last.last_id },
        due: rows.filter((r) => r.subscription_id !== null && r.skip_reason === null).map(toCandidate),
        skipped: rows
          .filter((r) => r.subscription_id !== null && r.skip_reason !== null)
          .map((r) => ({ reason: r.skip_reason!, subscriptionId: r.subscription_id!, companyId: r.company_id })),
      };
      const inserted = await insertOutboxEvents(manager, build(page), this.guard());
      return { page, inserted };
    });
  }

  private guard(): string {
    return `${this.source.candidates} AND date_trunc('milliseconds', ${this.source.endsAt}) = u.ends_at`;
  }
}

function horizon(now: Date, milestones: readonly number[]): Date {
  return new Date(now.getTime() + milestoneHorizonMs(milestones));
}

function toCandidate(r: PageRow): ReminderCandidate {
  return {
    subscriptionId: r.subscription_id!,
    companyId: r.company_id,
    companyName: r.company_name,
    plan: r.plan,
    endsAt: r.ends_at,
    daysBefore: r.days_before,
    preferredCurrency: r.preferred_currency,
    admin: { userId: r.admin_id, email: r.admin_email, fullName: r.admin_name },
    lastPayment: r.amount === null || r.currency === null ? null : { amount: r.amount, currency: r.currency },
  };
}

// $1 now, $2 horizon, $3 shard's after id, $4 limit, $5 milestones, $6 lead (ms), $7 shard's through id
// (null: none), $8/$9 the keyset cursor (end text, id; null: the window's start).
// Keyset on (end, id), the order of the (status, end, id) index: each page reads only its own rows, and a
// shard's id bounds are checked in the index. (An id keyset made PostgreSQL read the rest of the window and
// sort it for every page when it chose the end index: quadratic, 4.2 s a page for renewals at 1M.)
function pageSql(source: ReminderSource): string {
  return `
    WITH page AS (
      SELECT s.id, s.company_id, s.plan, ${source.endsAt} AS ends_at, ${source.startedAt} AS started_at
      FROM subscriptions s
      WHERE ${source.candidates} AND ${source.endsAt} > $1::timestamp AND ${source.endsAt} <= $2::timestamp
        AND ($8::timestamp IS NULL OR (${source.endsAt}, s.id) > ($8::timestamp, $9::int))
        AND s.id > $3::int AND ($7::int IS NULL OR s.id <= $7::int)
      ORDER BY ${source.endsAt}, s.id
      LIMIT $4
    ),
    due AS (
      SELECT p.*, ${dueMilestone('$5', '$6')} AS days_before FROM page p
    )
    SELECT st.scanned, lst.id AS last_id, lst.ends_at::text AS last_end, r.*
    FROM (SELECT count(*)::int AS scanned FROM page) AS st
    LEFT JOIN (SELECT id, ends_at FROM page ORDER BY ends_at DESC, id DESC LIMIT 1) AS lst ON true
    LEFT JOIN (
      SELECT p.id AS subscription_id, p.company_id, p.plan, p.ends_at, p.days_before,
             CASE WHEN c.id IS NULL THEN 'company_missing' WHEN a.id IS NULL THEN 'no_admin' END AS skip_reason,
             c.name AS company_name, c.preferred_currency,
             a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name
             ${source.lastPayment ? ', pay.amount, pay.currency' : ', NULL::int AS amount, NULL::varchar AS currency'}
      FROM due p
      LEFT JOIN companies c ON c.id = p.company_id
      LEFT JOIN LATERAL (${ADMIN}) AS a ON true
      ${source.lastPayment ? `LEFT JOIN LATERAL (${LAST_PAYMENT}) AS pay ON true` : ''}
      WHERE p.days_before IS NOT NULL
    ) AS r ON true
    ORDER BY r.subscription_id`;
}

// $1 sample limit, $2 after id, $3 through id (null: none). Due rows without a company or an admin are
// reported by their page (skip_reason), so this reads only the (index-only) rows missing their end.
function anomalySql(source: ReminderSource): string {
  return `
    SELECT '${source.missingEnd}' AS reason, count(*)::int AS total,
           (array_agg(s.id ORDER BY s.id))[1:$1] AS ids, (array_agg(s.company_id ORDER BY s.id))[1:$1] AS company_ids
    FROM subscriptions s
    WHERE ${source.candidates} AND ${source.endsAt} IS NULL AND s.id > $2::int AND ($3::int IS NULL OR s.id <= $3::int)
    HAVING count(*) > 0`;
}
