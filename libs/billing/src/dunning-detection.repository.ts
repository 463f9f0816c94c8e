import type { EntityManager } from 'typeorm';
import { insertAudit } from './audit-log.repository';
import { insertOutboxEvents } from './billing-outbox.repository';
import type { DetectionBatch, DetectionStore, FailureCandidate, PlannedDetection } from './dunning.store';

// One detector at a time: two would each take a failure of the same subscription and both start a chain.
const DETECTION_LOCK = [0x0b0d, 1] as const;

// A platform payment counts as paying the subscription; a one-time purchase does not.
const PAID_LATER = `EXISTS (SELECT 1 FROM payments w WHERE w.subscription_id = p.subscription_id AND w.status = 'success'
                            AND w.payment_type <> 'one_time' AND w.id > p.id)`;

const CANDIDATES = `
  WITH cand AS (
    SELECT p.id FROM payments p
    WHERE p.status = 'failed' AND p.retry_of_payment_id IS NULL AND p.dunning_state IS NULL AND p.id > $1
    ORDER BY p.id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  SELECT p.id AS payment_id, p.subscription_id, s.status AS subscription_status, s.plan, c.id AS company_id, c.name AS company_name,
         c.preferred_currency, p.amount, p.currency, COALESCE(p.updated_at, p.created_at) AS failed_at,
         p.failure_reason_code AS reason_code, p.failure_reason_message AS reason_message,
         a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name,
         ${PAID_LATER} AS superseded,
         (EXISTS (SELECT 1 FROM payments o WHERE o.subscription_id = p.subscription_id AND o.dunning_state IN ('active', 'unknown'))
          OR row_number() OVER (PARTITION BY p.subscription_id ORDER BY p.id) > 1) AS chain_active
  FROM cand
  JOIN payments p ON p.id = cand.id
  LEFT JOIN subscriptions s ON s.id = p.subscription_id
  LEFT JOIN companies c ON c.id = s.company_id
  LEFT JOIN LATERAL (SELECT u.id, u.email, u.full_name FROM users u
                     WHERE u.company_id = c.id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1) AS a ON true
  ORDER BY p.id`;

const ENTER = `
  WITH entered AS (
    UPDATE payments p SET dunning_state = u.state, retry_count = 0, next_retry_at = u.next_retry_at, updated_at = $4
    FROM unnest($1::int[], $2::varchar[], $3::timestamp[]) AS u(id, state, next_retry_at)
    WHERE p.id = u.id AND p.dunning_state IS NULL
    RETURNING p.id
  )
  SELECT id FROM entered`;

const IGNORE = `UPDATE payments SET dunning_state = 'ignored' WHERE id = ANY($1::int[]) AND dunning_state IS NULL`;

const PAST_DUE = `
  WITH changed AS (
    UPDATE subscriptions SET status = 'past_due', updated_at = $2 WHERE id = ANY($1::int[]) AND status = 'active' RETURNING id
  )
  SELECT id FROM changed`;

interface Row {
  payment_id: number;
  subscription_id: number | null;
  subscription_status: string | null;
  plan: string | null;
  company_id: number | null;
  company_name: string | null;
  preferred_currency: string | null;
  amount: number;
  currency: string;
  failed_at: Date | null;
  reason_code: string | null;
  reason_message: string | null;
  admin_id: number | null;
  admin_email: string | null;
  admin_name: string | null;
  superseded: boolean;
  chain_active: boolean;
}

/** Detection in SQL: one transaction per batch of failed payments billing has not looked at yet. */
export class DunningDetectionRepository implements DetectionStore {
  constructor(private readonly manager: EntityManager) {}

  detectBatch(query: { afterId: number; limit: number; at: Date }, plan: (candidates: FailureCandidate[]) => PlannedDetection): Promise<DetectionBatch> {
    return this.manager.transaction(async (manager) => {
      const [{ ok }]: { ok: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock($1, $2) AS ok`, [...DETECTION_LOCK]);
      if (!ok) return { ran: false, scanned: 0, lastId: null, entered: [], ignored: 0, inserted: new Set<string>() };
      const rows: Row[] = await manager.query(CANDIDATES, [query.afterId, query.limit]);
      const lastId = rows.length ? rows[rows.length - 1].payment_id : null;
      const planned = plan(rows.map(toCandidate));
      if (planned.ignore.length) await manager.query(IGNORE, [planned.ignore.map((i) => i.paymentId)]);
      const enter = planned.enter;
      const done: { id: number }[] = enter.length
        ? await manager.query(ENTER, [enter.map((e) => e.paymentId), enter.map((e) => e.state), enter.map((e) => e.nextRetryAt), query.at])
        : [];
      const doneIds = new Set(done.map((r) => r.id));
      const entered = enter.filter((e) => doneIds.has(e.paymentId));
      const pastDue = entered.filter((e) => e.pastDue).map((e) => e.subscriptionId);
      const changed: { id: number }[] = pastDue.length ? await manager.query(PAST_DUE, [pastDue, query.at]) : [];
      const moved = new Set(changed.map((r) => r.id));
      // A subscription that left `active` meanwhile gets no past_due event (its status did not change here).
      const keep = (e: (typeof entered)[number]) => (e.pastDue && !moved.has(e.subscriptionId) ? { ...e, pastDue: false, audit: [], events: e.events.slice(0, 1) } : e);
      const applied = entered.map(keep);
      await insertAudit(manager, applied.flatMap((e) => e.audit));
      const inserted = await insertOutboxEvents(manager, applied.flatMap((e) => e.events));
      return { ran: true, scanned: rows.length, lastId, entered: applied, ignored: planned.ignore.length, inserted };
    });
  }
}

function toCandidate(r: Row): FailureCandidate {
  return {
    paymentId: r.payment_id,
    subscriptionId: r.subscription_id,
    subscriptionStatus: r.subscription_status,
    companyId: r.company_id,
    companyName: r.company_name,
    preferredCurrency: r.preferred_currency,
    plan: r.plan,
    amount: r.amount,
    currency: r.currency,
    failedAt: r.failed_at,
    reasonCode: r.reason_code,
    reasonMessage: r.reason_message,
    admin: r.admin_id === null ? null : { userId: r.admin_id, email: r.admin_email!, fullName: r.admin_name! },
    superseded: r.superseded,
    chainActive: r.chain_active,
  };
}
