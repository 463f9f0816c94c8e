import type { EntityManager } from 'typeorm';
import { insertOutboxEvents } from './billing-outbox.repository';
import { MILESTONE_LEAD_MS, milestoneHorizonMs } from './milestone.rule';
import type { ReminderCandidate, ReminderPage, ReminderPageQuery, ReminderStore, PendingReminder } from './reminder.store';
import { anomalyReport, type AnomalyReport, type AnomalyGroup } from './skip-log';
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
  subscription_id: number | null;
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

  async anomalies({ now, milestones, sampleLimit }: { now: Date; milestones: readonly number[]; sampleLimit: number }): Promise<AnomalyReport> {
    const rows: AnomalyGroup[] = await this.manager.query(this.anomalySql, [
      now,
      horizon(now, milestones),
      milestones,
      MILESTONE_LEAD_MS,
      sampleLimit,
    ]);
    return anomalyReport(rows, sampleLimit);
  }

  emitPage(query: ReminderPageQuery, build: (page: ReminderPage) => PendingReminder[]) {
    return this.manager.transaction(async (manager) => {
      const rows: PageRow[] = await manager.query(this.pageSql, [
        query.now,
        horizon(query.now, query.milestones),
        query.afterId,
        query.limit,
        query.milestones,
        MILESTONE_LEAD_MS,
      ]);
      const page: ReminderPage = {
        scanned: rows[0]?.scanned ?? 0,
        lastId: rows[0]?.last_id ?? null,
        due: rows.filter((r) => r.subscription_id !== null).map(toCandidate),
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

// $1 now, $2 horizon, $3 after id, $4 limit, $5 milestones, $6 lead (ms)
function pageSql(source: ReminderSource): string {
  return `
    WITH page AS (
      SELECT s.id, s.company_id, s.plan, ${source.endsAt} AS ends_at, ${source.startedAt} AS started_at
      FROM subscriptions s
      WHERE ${source.candidates} AND ${source.endsAt} > $1::timestamp AND ${source.endsAt} <= $2::timestamp AND s.id > $3
      ORDER BY s.id
      LIMIT $4
    ),
    due AS (
      SELECT p.*, ${dueMilestone('$5', '$6')} AS days_before FROM page p
    )
    SELECT st.scanned, st.last_id, r.*
    FROM (SELECT count(*)::int AS scanned, max(id) AS last_id FROM page) AS st
    LEFT JOIN (
      SELECT p.id AS subscription_id, p.company_id, p.plan, p.ends_at, p.days_before,
             c.name AS company_name, c.preferred_currency,
             a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name
             ${source.lastPayment ? ', pay.amount, pay.currency' : ', NULL::int AS amount, NULL::varchar AS currency'}
      FROM due p
      JOIN companies c ON c.id = p.company_id
      JOIN LATERAL (${ADMIN}) AS a ON true
      ${source.lastPayment ? `LEFT JOIN LATERAL (${LAST_PAYMENT}) AS pay ON true` : ''}
      WHERE p.days_before IS NOT NULL
    ) AS r ON true
    ORDER BY r.subscription_id`;
}

// $1 now, $2 horizon, $3 milestones, $4 lead (ms), $5 sample limit
function anomalySql(source: ReminderSource): string {
  return `
    WITH p AS (
      SELECT s.id, s.company_id, ${source.endsAt} AS ends_at, ${source.startedAt} AS started_at
      FROM subscriptions s
      WHERE ${source.candidates}
        AND (${source.endsAt} IS NULL OR (${source.endsAt} > $1::timestamp AND ${source.endsAt} <= $2::timestamp))
    ),
    flagged AS (
      SELECT p.id, p.company_id,
             CASE WHEN p.ends_at IS NULL THEN '${source.missingEnd}'
                  WHEN c.id IS NULL THEN 'company_missing'
                  ELSE 'no_admin' END AS reason
      FROM p
      LEFT JOIN companies c ON c.id = p.company_id
      WHERE p.ends_at IS NULL
         OR (${dueMilestone('$3', '$4')} IS NOT NULL
             AND (c.id IS NULL OR NOT EXISTS (${ADMIN})))
    )
    SELECT reason, count(*)::int AS total,
           (array_agg(id ORDER BY id))[1:$5] AS ids, (array_agg(company_id ORDER BY id))[1:$5] AS company_ids
    FROM flagged GROUP BY reason ORDER BY reason`;
}
