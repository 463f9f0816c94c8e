import type { EntityManager } from 'typeorm';
import { attemptMerchantOid } from './attempt-merchant-oid';
import { insertAudit } from './audit-log.repository';
import { insertOutboxEvents, type OutboxInsert } from './billing-outbox.repository';
import type { AttemptContext, AttemptTx, ClaimedAttempt, DunningState, InvoiceDraft, RetryStore } from './dunning.store';
import { issueInvoice } from './invoice.repository';
import type { AuditEntry } from './trial-expiry.store';

const BILLABLE = `('active', 'past_due', 'suspended')`;

const SETTLE_STALE = `
  WITH due AS (
    SELECT h.id, h.subscription_id FROM payments h
    WHERE h.dunning_state = 'active' AND h.next_retry_at <= $1::timestamp
    ORDER BY h.id
    FOR UPDATE SKIP LOCKED
  ), verdict AS (
    SELECT d.id,
           CASE WHEN EXISTS (SELECT 1 FROM payments w WHERE w.subscription_id = d.subscription_id AND w.status = 'success'
                             AND w.payment_type <> 'one_time' AND w.id > d.id AND w.retry_of_payment_id IS DISTINCT FROM d.id) THEN 'resolved'
                WHEN NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = d.subscription_id AND s.status IN ${BILLABLE}) THEN 'closed'
           END AS state
    FROM due d
  ), settled AS (
    UPDATE payments h SET dunning_state = v.state, next_retry_at = NULL, updated_at = $2
    FROM verdict v WHERE h.id = v.id AND v.state IS NOT NULL
    RETURNING v.state
  )
  SELECT state, count(*)::int AS n FROM settled GROUP BY state`;

const DUE = `
  SELECT h.id, h.retry_count FROM payments h
  WHERE h.dunning_state = 'active' AND h.next_retry_at <= $1::timestamp AND h.id > $2
  ORDER BY h.id
  LIMIT $3
  FOR UPDATE SKIP LOCKED`;

// The attempt copies the head's order; its own merchant_oid makes it chargeable once.
const INSERT_ATTEMPTS = `
  INSERT INTO payments (company_id, subscription_id, paytr_merchant_oid, amount, currency, plan, status, payment_type, test_mode,
                        created_at, updated_at, retry_count, retry_of_payment_id)
  SELECT h.company_id, h.subscription_id, u.merchant_oid, h.amount, h.currency, h.plan, 'pending', 'recurring', $3, $4, $4, u.retry, h.id
  FROM unnest($1::int[], $2::varchar[], $5::int[]) AS u(head_id, merchant_oid, retry)
  JOIN payments h ON h.id = u.head_id
  ORDER BY h.id
  ON CONFLICT (paytr_merchant_oid) DO NOTHING
  RETURNING id, retry_of_payment_id AS head_id, paytr_merchant_oid AS merchant_oid, retry_count AS retry`;

const OFF_SCHEDULE = `UPDATE payments SET retry_count = u.retry, next_retry_at = NULL, updated_at = $3
  FROM unnest($1::int[], $2::int[]) AS u(id, retry) WHERE payments.id = u.id`;

const PENDING = `
  SELECT t.id FROM payments t
  JOIN payments h ON h.id = t.retry_of_payment_id
  LEFT JOIN payment_outcome_inquiries q ON q.payment_id = t.id
  WHERE t.status = 'pending' AND t.retry_of_payment_id IS NOT NULL AND t.id > $1
    AND (q.payment_id IS NULL OR q.next_at <= $3::timestamp
         OR (h.dunning_state IS DISTINCT FROM 'unknown' AND COALESCE(q.charged_at, t.created_at) <= $4::timestamp))
  ORDER BY t.id LIMIT $2`;

const RECORD_INQUIRY = `
  INSERT INTO payment_outcome_inquiries (payment_id, asked, charged_at, next_at, last_answer, updated_at)
  VALUES ($1, $2, $6, $3, $4, $5)
  ON CONFLICT (payment_id) DO UPDATE SET asked = payment_outcome_inquiries.asked + EXCLUDED.asked, next_at = EXCLUDED.next_at,
    last_answer = EXCLUDED.last_answer, updated_at = EXCLUDED.updated_at`;

// The inner join on the head keeps only retry attempts; no predicate on retry_of_payment_id, which would tempt
// the planner into scanning its index instead of the primary key.
const CONTEXT = (where: string, lock: string, subscription: 'LEFT JOIN' | 'JOIN' = 'LEFT JOIN') => `
  SELECT t.id AS attempt_id, t.paytr_merchant_oid AS merchant_oid, t.status, t.retry_count AS retry, t.created_at, t.company_id AS payment_company_id,
         t.amount, t.currency, h.id AS head_id, h.dunning_state AS head_state,
         s.id AS subscription_id, s.status AS subscription_status, s.plan AS subscription_plan, s.current_period_end, s.paytr_subscription_id AS user_token,
         c.id AS company_id, c.name AS company_name, c.preferred_currency,
         a.id AS admin_id, a.email AS admin_email, a.full_name AS admin_name,
         COALESCE(q.asked, 0) AS inquiries, COALESCE(q.charged_at, t.created_at) AS charged_at
  FROM payments t
  JOIN payments h ON h.id = t.retry_of_payment_id
  LEFT JOIN payment_outcome_inquiries q ON q.payment_id = t.id
  ${subscription} subscriptions s ON s.id = t.subscription_id
  LEFT JOIN companies c ON c.id = s.company_id
  LEFT JOIN LATERAL (SELECT u.id, u.email, u.full_name FROM users u
                     WHERE u.company_id = c.id AND u.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1) AS a ON true
  WHERE ${where}
  ${lock}`;

const BY_ID = CONTEXT('t.id = $1', '');
// Locks the head and the subscription and reads them as they are once locked (READ COMMITTED: the latest versions).
const LOCK_CHAIN = CONTEXT('t.id = $1', 'FOR UPDATE OF h, s', 'JOIN');
const LOCK_BY_ID = { skip: CONTEXT('t.id = $1', 'FOR UPDATE OF t SKIP LOCKED'), wait: CONTEXT('t.id = $1', 'FOR UPDATE OF t') };
const LOCK_BY_OID = {
  skip: CONTEXT('t.paytr_merchant_oid = $1', 'FOR UPDATE OF t SKIP LOCKED'),
  wait: CONTEXT('t.paytr_merchant_oid = $1', 'FOR UPDATE OF t'),
};

interface ContextRow {
  attempt_id: number;
  merchant_oid: string;
  status: string;
  retry: number;
  created_at: Date | null;
  payment_company_id: number;
  amount: number;
  currency: string;
  head_id: number;
  head_state: DunningState | null;
  subscription_id: number | null;
  subscription_status: string | null;
  subscription_plan: string | null;
  current_period_end: Date | null;
  user_token: string | null;
  company_id: number | null;
  company_name: string | null;
  preferred_currency: string | null;
  admin_id: number | null;
  admin_email: string | null;
  admin_name: string | null;
  inquiries: number;
  charged_at: Date | null;
}

/** The payment-retry sweep in SQL: claims in one short transaction, then one transaction per attempt. */
export class DunningRetryRepository implements RetryStore {
  constructor(private readonly manager: EntityManager) {}

  async settleStaleChains(query: { now: Date; at: Date }): Promise<{ resolved: number; closed: number }> {
    const rows: { state: 'resolved' | 'closed'; n: number }[] = await this.manager.query(SETTLE_STALE, [query.now, query.at]);
    const count = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { resolved: count('resolved'), closed: count('closed') };
  }

  claimDue(query: { now: Date; afterId: number; limit: number; at: Date; testMode: boolean }): Promise<{ lastId: number | null; claimed: ClaimedAttempt[] }> {
    return this.manager.transaction(async (manager) => {
      const due: { id: number; retry_count: number }[] = await manager.query(DUE, [query.now, query.afterId, query.limit]);
      if (due.length === 0) return { lastId: null, claimed: [] };
      const retries = due.map((h) => h.retry_count + 1);
      const inserted: { id: number; head_id: number; merchant_oid: string; retry: number }[] = await manager.query(INSERT_ATTEMPTS, [
        due.map((h) => h.id),
        due.map((h, i) => attemptMerchantOid(h.id, retries[i] + 1)),
        query.testMode,
        query.at,
        retries,
      ]);
      // A head whose next attempt row already exists keeps its schedule; the existing attempt is reconciled.
      await manager.query(OFF_SCHEDULE, [inserted.map((r) => r.head_id), inserted.map((r) => r.retry), query.at]);
      return {
        lastId: due[due.length - 1].id,
        claimed: inserted.map((r) => ({ attemptId: r.id, headId: r.head_id, merchantOid: r.merchant_oid, retry: r.retry })),
      };
    });
  }

  async pendingAttempts(query: { afterId: number; limit: number; now: Date; timedOutBefore: Date }): Promise<number[]> {
    const rows: { id: number }[] = await this.manager.query(PENDING, [query.afterId, query.limit, query.now, query.timedOutBefore]);
    return rows.map((r) => r.id);
  }

  withAttempt<T>(
    key: { attemptId: number } | { merchantOid: string },
    lock: 'skip' | 'wait',
    work: (tx: AttemptTx, attempt: AttemptContext) => Promise<T>,
  ): Promise<T | null> {
    return this.manager.transaction(async (manager) => {
      const [sql, param] = 'attemptId' in key ? [LOCK_BY_ID[lock], key.attemptId] : [LOCK_BY_OID[lock], key.merchantOid];
      const rows: ContextRow[] = await manager.query(sql, [param]);
      return rows.length ? work(new SqlAttemptTx(manager), toContext(rows[0])) : null;
    });
  }
}

/** The attempt's transaction; it already holds the attempt's row lock. */
class SqlAttemptTx implements AttemptTx {
  constructor(private readonly manager: EntityManager) {}

  async lockChain(attempt: AttemptContext): Promise<AttemptContext> {
    const locked: ContextRow[] = await this.manager.query(LOCK_CHAIN, [attempt.attemptId]);
    if (locked.length) return toContext(locked[0]);
    // No subscription row: only the head to lock.
    await this.manager.query(`SELECT id FROM payments WHERE id = $1 FOR UPDATE`, [attempt.headId]);
    const rows: ContextRow[] = await this.manager.query(BY_ID, [attempt.attemptId]);
    return toContext(rows[0]);
  }

  async settleAttempt(
    attemptId: number,
    result: { status: 'success'; transactionId: string | null; at: Date } | { status: 'failed'; code: string; message: string; at: Date },
  ): Promise<void> {
    await this.manager.query(
      `UPDATE payments SET status = $2, paytr_transaction_id = COALESCE($3, paytr_transaction_id), failure_reason_code = $4,
              failure_reason_message = $5, completed_at = CASE WHEN $2::varchar = 'success' THEN $6::timestamp ELSE completed_at END, updated_at = $6
       WHERE id = $1 AND (status = 'pending' OR (status = 'failed' AND $2::varchar = 'success'))`,
      result.status === 'success'
        ? [attemptId, 'success', result.transactionId, null, null, result.at]
        : [attemptId, 'failed', null, result.code.slice(0, 100), result.message.slice(0, 500), result.at],
    );
  }

  async updateHead(headId: number, head: { state: DunningState; retryCount: number; nextRetryAt: Date | null; at: Date }): Promise<void> {
    await this.manager.query(`UPDATE payments SET dunning_state = $2, retry_count = $3, next_retry_at = $4, updated_at = $5 WHERE id = $1`, [
      headId,
      head.state,
      head.retryCount,
      head.nextRetryAt,
      head.at,
    ]);
  }

  async updateSubscription(
    subscriptionId: number,
    change: { status: string; from: readonly string[]; period?: { start: Date; end: Date }; at: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `WITH changed AS (
         UPDATE subscriptions SET status = $2, current_period_start = COALESCE($4, current_period_start),
                current_period_end = COALESCE($5, current_period_end), updated_at = $6
         WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING id)
       SELECT id FROM changed`,
      [subscriptionId, change.status, change.from, change.period?.start ?? null, change.period?.end ?? null, change.at],
    );
    return rows.length === 1;
  }

  issueInvoice(draft: InvoiceDraft): Promise<{ id: number; number: string }> {
    return issueInvoice(this.manager, draft);
  }

  async recordInquiry(attemptId: number, inquiry: { asked: boolean; chargedAt: Date; nextAt: Date; answer: string; at: Date }): Promise<void> {
    await this.manager.query(RECORD_INQUIRY, [attemptId, inquiry.asked ? 1 : 0, inquiry.nextAt, inquiry.answer.slice(0, 500), inquiry.at, inquiry.chargedAt]);
  }

  async markUnknown(attempt: AttemptContext, at: Date): Promise<boolean> {
    await this.manager.query(`UPDATE payment_outcome_inquiries SET unknown_since = COALESCE(unknown_since, $2) WHERE payment_id = $1`, [attempt.attemptId, at]);
    const rows: unknown[] = await this.manager.query(
      `WITH changed AS (UPDATE payments SET dunning_state = 'unknown', next_retry_at = NULL, updated_at = $2
                        WHERE id = $1 AND dunning_state = 'active' RETURNING id)
       SELECT id FROM changed`,
      [attempt.headId, at],
    );
    return rows.length === 1;
  }

  async undoClaim(attempt: AttemptContext, dueAt: Date, at: Date): Promise<void> {
    await this.manager.query(`DELETE FROM payments WHERE id = $1 AND status = 'pending'`, [attempt.attemptId]);
    await this.manager.query(
      `UPDATE payments SET retry_count = $2, next_retry_at = $3, updated_at = $4 WHERE id = $1 AND dunning_state = 'active'`,
      [attempt.headId, attempt.retry - 1, dueAt, at],
    );
  }

  audit(entries: readonly AuditEntry[]): Promise<void> {
    return insertAudit(this.manager, entries);
  }

  append(events: readonly OutboxInsert[]): Promise<ReadonlySet<string>> {
    return insertOutboxEvents(this.manager, events);
  }
}

function toContext(r: ContextRow): AttemptContext {
  return {
    attemptId: r.attempt_id,
    merchantOid: r.merchant_oid,
    status: r.status,
    retry: r.retry,
    createdAt: r.created_at,
    inquiries: r.inquiries,
    chargedAt: r.charged_at,
    companyId: r.payment_company_id,
    amount: r.amount,
    currency: r.currency,
    headId: r.head_id,
    headState: r.head_state,
    subscription:
      r.subscription_id === null
        ? null
        : { id: r.subscription_id, status: r.subscription_status!, plan: r.subscription_plan!, currentPeriodEnd: r.current_period_end, userToken: r.user_token },
    company: r.company_id === null ? null : { id: r.company_id, name: r.company_name!, preferredCurrency: r.preferred_currency! },
    admin: r.admin_id === null ? null : { userId: r.admin_id, email: r.admin_email!, fullName: r.admin_name! },
  };
}
