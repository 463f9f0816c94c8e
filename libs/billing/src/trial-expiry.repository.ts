import type { EntityManager } from 'typeorm';
import { insertAudit } from './audit-log.repository';
import { insertOutboxEvents } from './billing-outbox.repository';
import type { SweepRange } from './sweep-shards';
import { anomalyReport, type AnomalyGroup, type AnomalyReport } from './skip-log';
import type { ExpiryBatchQuery, ExpiryBatchResult, ExpiryCandidate, PlannedExpiry, TrialExpiryStore } from './trial-expiry.store';

const ADMIN = `SELECT u.id, u.email, u.full_name FROM users u
  WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1`;

// SKIP LOCKED: a concurrent sweep of the same tick takes other rows instead of waiting for these.
// Keyset on (trial end, id), the (status, trial_ends_at, id) index order: each batch reads only its rows
// (an id keyset made PostgreSQL re-read and sort every ended trial left, per batch, on a large backlog).
// Ended trials without a company or an admin come back with skip_reason set and are left alone.
const LOCK_BATCH = `
  SELECT s.id AS subscription_id, s.company_id, s.plan, s.trial_ends_at, c.name AS company_name, c.preferred_currency,
         a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name,
         CASE WHEN c.id IS NULL THEN 'company_missing' WHEN a.id IS NULL THEN 'no_admin' END AS skip_reason,
         s.trial_ends_at::text AS ends_text
  FROM subscriptions s
  LEFT JOIN companies c ON c.id = s.company_id
  LEFT JOIN LATERAL (${ADMIN}) AS a ON true
  WHERE s.status = 'trial' AND s.trial_ends_at < $1::timestamp
    AND ($5::timestamp IS NULL OR (s.trial_ends_at, s.id) > ($5::timestamp, $6::int))
    AND s.id > $2::int AND ($4::int IS NULL OR s.id <= $4::int)
  ORDER BY s.trial_ends_at, s.id
  LIMIT $3
  FOR UPDATE OF s SKIP LOCKED`;

const EXPIRE = `
  WITH expired AS (
    UPDATE subscriptions SET status = 'expired', updated_at = $2::timestamp
    WHERE id = ANY($1::int[]) AND status = 'trial'
    RETURNING id
  )
  SELECT id FROM expired ORDER BY id`;

// Ended trials without a company or an admin are reported by their batch (skip_reason); this reads only
// the trials missing their end, through the (status, trial_ends_at) index.
const ANOMALIES = `
  SELECT 'no_trial_end' AS reason, count(*)::int AS total,
         (array_agg(s.id ORDER BY s.id))[1:$1] AS ids, (array_agg(s.company_id ORDER BY s.id))[1:$1] AS company_ids
  FROM subscriptions s
  WHERE s.status = 'trial' AND s.trial_ends_at IS NULL AND s.id > $2::int AND ($3::int IS NULL OR s.id <= $3::int)
  HAVING count(*) > 0`;

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
  skip_reason: 'company_missing' | 'no_admin' | null;
  ends_text: string;
}

/** Trial expiry in SQL: one transaction per batch, so a crash leaves every company done or untouched. */
export class TrialExpiryRepository implements TrialExpiryStore {
  constructor(private readonly manager: EntityManager) {}

  async anomalies({ sampleLimit, range }: { sampleLimit: number; range: SweepRange }): Promise<AnomalyReport> {
    const groups: AnomalyGroup[] = await this.manager.query(ANOMALIES, [sampleLimit, range.afterId, range.throughId]);
    return anomalyReport(groups, sampleLimit);
  }

  expireBatch(query: ExpiryBatchQuery, plan: (candidates: ExpiryCandidate[]) => PlannedExpiry[]): Promise<ExpiryBatchResult> {
    return this.manager.transaction(async (manager) => {
      const rows: BatchRow[] = await manager.query(LOCK_BATCH, [
        query.cutoff,
        query.range.afterId,
        query.limit,
        query.range.throughId,
        query.after?.endsAt ?? null,
        query.after?.id ?? null,
      ]);
      const last = rows[rows.length - 1];
      const next = last ? { endsAt: last.ends_text, id: last.subscription_id } : null;
      const skipped = rows
        .filter((r) => r.skip_reason !== null)
        .map((r) => ({ reason: r.skip_reason!, subscriptionId: r.subscription_id, companyId: r.company_id }));
      const planned = plan(rows.filter((r) => r.skip_reason === null).map(toCandidate));
      if (planned.length === 0) return { scanned: rows.length - skipped.length, next, expired: [], inserted: new Set<string>(), skipped };
      const updated: { id: number }[] = await manager.query(EXPIRE, [planned.map((p) => p.subscriptionId), query.at]);
      const expired = new Set(updated.map((r) => r.id));
      const done = planned.filter((p) => expired.has(p.subscriptionId));
      await insertAudit(manager, done.map((p) => p.audit));
      const inserted = await insertOutboxEvents(manager, done.map((p) => ({ envelope: p.envelope, subscriptionId: p.subscriptionId })));
      return { scanned: rows.length - skipped.length, next, expired: [...expired], inserted, skipped };
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
