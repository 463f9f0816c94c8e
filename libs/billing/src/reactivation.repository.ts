import type { EntityManager } from 'typeorm';
import { insertAudit } from './audit-log.repository';
import { insertOutboxEvents } from './billing-outbox.repository';
import type { PlannedReactivation, ReactivationCandidate, ReactivationStore } from './dunning.store';

// The status audit rows billing writes (user_id null, details.eventId present), as the partial index has them.
const OURS = `a.resource_type = 'subscription'
    AND a.action_type IN ('subscription_expired', 'subscription_suspended', 'subscription_reactivated')
    AND a.user_id IS NULL AND a.details::jsonb ? 'eventId'`;

const CANDIDATES = `
  WITH latest AS (
    SELECT DISTINCT ON (a.resource_id) a.resource_id AS subscription_id, a.action_type, a."timestamp" AS at
    FROM audit_logs a
    WHERE ${OURS} AND a.resource_id > $1
    ORDER BY a.resource_id, a.id DESC
  )
  SELECT s.id AS subscription_id, s.company_id, s.plan, c.name AS company_name, c.preferred_currency, l.action_type, l.at,
         ad.id AS admin_id, ad.email AS admin_email, ad.full_name AS admin_name
  FROM latest l
  JOIN subscriptions s ON s.id = l.subscription_id
  JOIN companies c ON c.id = s.company_id
  LEFT JOIN LATERAL (SELECT u.id, u.email, u.full_name FROM users u
                     WHERE u.company_id = s.company_id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1) AS ad ON true
  WHERE l.action_type <> 'subscription_reactivated' AND s.status = 'active'
  ORDER BY s.id
  LIMIT $2
  FOR UPDATE OF s SKIP LOCKED`;

// Read again once the rows are locked, at a new snapshot: a retry that reactivated one meanwhile has written its audit row.
const STILL_DUE = `
  SELECT u.id FROM unnest($1::int[]) AS u(id)
  WHERE (SELECT a.action_type FROM audit_logs a WHERE ${OURS} AND a.resource_id = u.id ORDER BY a.id DESC LIMIT 1) <> 'subscription_reactivated'`;

interface Row {
  subscription_id: number;
  company_id: number;
  plan: string;
  company_name: string;
  preferred_currency: string;
  action_type: string;
  at: Date;
  admin_id: number | null;
  admin_email: string | null;
  admin_name: string | null;
}

/** Platform reactivations in SQL, one transaction per batch. */
export class ReactivationRepository implements ReactivationStore {
  constructor(private readonly manager: EntityManager) {}

  reactivateBatch(
    query: { afterId: number; limit: number },
    plan: (candidates: ReactivationCandidate[]) => PlannedReactivation[],
  ): Promise<{ scanned: number; lastId: number | null; reactivated: PlannedReactivation[]; inserted: ReadonlySet<string> }> {
    return this.manager.transaction(async (manager) => {
      const rows: Row[] = await manager.query(CANDIDATES, [query.afterId, query.limit]);
      const lastId = rows.length ? rows[rows.length - 1].subscription_id : null;
      const still: { id: number }[] = rows.length ? await manager.query(STILL_DUE, [rows.map((r) => r.subscription_id)]) : [];
      const due = new Set(still.map((r) => r.id));
      const planned = plan(rows.filter((r) => due.has(r.subscription_id)).map(toCandidate));
      await insertAudit(manager, planned.map((p) => p.audit));
      const inserted = await insertOutboxEvents(manager, planned.map((p) => p.event));
      return { scanned: rows.length, lastId, reactivated: planned, inserted };
    });
  }
}

function toCandidate(r: Row): ReactivationCandidate {
  return {
    subscriptionId: r.subscription_id,
    companyId: r.company_id,
    companyName: r.company_name,
    plan: r.plan,
    preferredCurrency: r.preferred_currency,
    admin: r.admin_id === null ? null : { userId: r.admin_id, email: r.admin_email!, fullName: r.admin_name! },
    previousAction: r.action_type,
    previousAt: r.at,
  };
}
