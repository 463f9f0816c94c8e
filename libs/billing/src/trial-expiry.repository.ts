import type { EntityManager } from 'typeorm';
import { insertAudit } from './audit-log.repository';
import { insertOutboxEvents } from './billing-outbox.repository';
import { anomalyReport, type AnomalyGroup, type AnomalyReport } from './skip-log';
import type { ExpiryBatchQuery, ExpiryBatchResult, ExpiryCandidate, PlannedExpiry, TrialExpiryStore } from './trial-expiry.store';

const ADMIN = `SELECT u.id, u.email, u.full_name FROM users u
  WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1`;

// SKIP LOCKED: a concurrent sweep of the same tick takes other rows instead of waiting for these.
const LOCK_BATCH = `
  SELECT s.id AS subscription_id, s.company_id, s.plan, s.trial_ends_at, c.name AS company_name, c.preferred_currency,
         a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name
  FROM subscriptions s
  JOIN companies c ON c.id = s.company_id
  JOIN LATERAL (${ADMIN}) AS a ON true
  WHERE s.status = 'trial' AND s.trial_ends_at < $1::timestamp AND s.id > $2
  ORDER BY s.id
  LIMIT $3
  FOR UPDATE OF s SKIP LOCKED`;

const EXPIRE = `
  WITH expired AS (
    UPDATE subscriptions SET status = 'expired', updated_at = $2::timestamp
    WHERE id = ANY($1::int[]) AND status = 'trial'
    RETURNING id
  )
  SELECT id FROM expired ORDER BY id`;

const ANOMALIES = `
  WITH flagged AS (
    SELECT s.id, s.company_id,
           CASE WHEN s.trial_ends_at IS NULL THEN 'no_trial_end'
                WHEN c.id IS NULL THEN 'company_missing'
                ELSE 'no_admin' END AS reason
    FROM subscriptions s
    LEFT JOIN companies c ON c.id = s.company_id
    WHERE s.status = 'trial'
      AND (s.trial_ends_at IS NULL
           OR (s.trial_ends_at < $1::timestamp AND (c.id IS NULL OR NOT EXISTS (${ADMIN}))))
  )
  SELECT reason, count(*)::int AS total,
         (array_agg(id ORDER BY id))[1:$2] AS ids, (array_agg(company_id ORDER BY id))[1:$2] AS company_ids
  FROM flagged GROUP BY reason ORDER BY reason`;

interface BatchRow {
  subscription_id: number;
  company_id: number;
  plan: string;
  trial_ends_at: Date;
  company_name: string;
  preferred_currency: string;
  admin_id: number;
  admin_email: string;
  admin_name: string;
}

/** Trial expiry in SQL: one transaction per batch, so a crash leaves every company done or untouched. */
export class TrialExpiryRepository implements TrialExpiryStore {
  constructor(private readonly manager: EntityManager) {}

  async anomalies({ cutoff, sampleLimit }: { cutoff: Date; sampleLimit: number }): Promise<AnomalyReport> {
    const groups: AnomalyGroup[] = await this.manager.query(ANOMALIES, [cutoff, sampleLimit]);
    return anomalyReport(groups, sampleLimit);
  }

  expireBatch(query: ExpiryBatchQuery, plan: (candidates: ExpiryCandidate[]) => PlannedExpiry[]): Promise<ExpiryBatchResult> {
    return this.manager.transaction(async (manager) => {
      const rows: BatchRow[] = await manager.query(LOCK_BATCH, [query.cutoff, query.afterId, query.limit]);
      const lastId = rows.length ? rows[rows.length - 1].subscription_id : null;
      const planned = plan(rows.map(toCandidate));
      if (planned.length === 0) return { scanned: rows.length, lastId, expired: [], inserted: new Set<string>() };
      const updated: { id: number }[] = await manager.query(EXPIRE, [planned.map((p) => p.subscriptionId), query.at]);
      const expired = new Set(updated.map((r) => r.id));
      const done = planned.filter((p) => expired.has(p.subscriptionId));
      await insertAudit(manager, done.map((p) => p.audit));
      const inserted = await insertOutboxEvents(manager, done.map((p) => ({ envelope: p.envelope, subscriptionId: p.subscriptionId })));
      return { scanned: rows.length, lastId, expired: [...expired], inserted };
    });
  }
}

function toCandidate(r: BatchRow): ExpiryCandidate {
  return {
    subscriptionId: r.subscription_id,
    companyId: r.company_id,
    companyName: r.company_name,
    plan: r.plan,
    trialEndsAt: r.trial_ends_at,
    preferredCurrency: r.preferred_currency,
    admin: { userId: r.admin_id, email: r.admin_email, fullName: r.admin_name },
  };
}
