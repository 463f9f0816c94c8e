import type { DataSource, EntityManager } from 'typeorm';
import { markOutboxWritten } from './outbox-commit.signal';

export interface OutboxRow {
  eventId: string;
  subject: string;
  aggregate: string;
  /** The serialized envelope. */
  payload: string;
}

export interface ClaimedEvent extends OutboxRow {
  id: string;
  /** An earlier unsent event of the same aggregate is held by another relay: publish later. */
  blocked: boolean;
}

export interface PublishResult {
  sent: string[];
  failed: { id: string; error: string }[];
}

export interface OutboxBacklog {
  pending: number;
  /** Age of the oldest unsent event, in seconds (0 when none). */
  lagSeconds: number;
}

// Arbitrary class id for pg_advisory_xact_lock(int, int): writers of one aggregate take turns.
const WRITER_LOCK_SPACE = 0x0b0c;

/** The only code that touches outbox_events. */
export class OutboxRepository {
  /**
   * Inserts events in the caller's transaction; an event id already present is skipped. Writers of
   * the same aggregate are serialized until commit, so per aggregate id order is commit order, which
   * is the order the relay publishes in. Lock order is sorted to keep one append deadlock-free.
   */
  async append(manager: EntityManager, rows: readonly OutboxRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    markOutboxWritten(manager);
    // One round trip: the locks are an InitPlan, taken (in sorted order) before the first row is inserted.
    const inserted: unknown[] = await manager.query(
      `INSERT INTO outbox_events (event_id, subject, aggregate, payload)
       SELECT * FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::jsonb[])
       WHERE (SELECT count(pg_advisory_xact_lock($1, hashtext(a))) FROM (SELECT DISTINCT a FROM unnest($4::text[]) AS a ORDER BY a) AS s) >= 0
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id`,
      [WRITER_LOCK_SPACE, rows.map((r) => r.eventId), rows.map((r) => r.subject), rows.map((r) => r.aggregate), rows.map((r) => r.payload)],
    );
    return inserted.length;
  }

  /**
   * One relay cycle in one transaction: lock up to `limit` unsent events (SKIP LOCKED, so relays
   * never share work), let `publish` send the unblocked ones, record the outcome, commit.
   */
  async processBatch(
    dataSource: DataSource,
    limit: number,
    publish: (events: ClaimedEvent[]) => Promise<PublishResult>,
    after: string | null = null,
  ): Promise<{ claimed: ClaimedEvent[]; result: PublishResult }> {
    return dataSource.transaction(async (manager) => {
      const claimed = await this.claim(manager, limit, after);
      const result = claimed.length ? await publish(claimed) : { sent: [], failed: [] };
      await this.markSent(manager, result.sent);
      await this.markFailed(manager, result.failed);
      return { claimed, result };
    });
  }

  /**
   * The NOT EXISTS reads the statement's snapshot without locking: it finds earlier unsent events of
   * an aggregate that this claim skipped because another relay holds them (or that committed after
   * the lock pass), and marks the later ones blocked, preserving per-aggregate order across relays.
   *
   * `after`: claim only ids above it. Each batch marked sent leaves dead entries at the head of
   * `outbox_events_unsent_idx` until VACUUM removes them, and a locking scan walks them all (with a
   * heap visit each); during a burst the relay continues from its last claimed id instead, and starts
   * from the head again regularly for events that committed late with a lower id.
   */
  private async claim(manager: EntityManager, limit: number, after: string | null): Promise<ClaimedEvent[]> {
    const rows: { id: string; event_id: string; subject: string; aggregate: string; payload: string; blocked: boolean }[] =
      await manager.query(
        `WITH claimed AS (
           SELECT id, event_id, subject, aggregate, payload
           FROM outbox_events
           WHERE sent_at IS NULL${after === null ? '' : ' AND id > $2'}
           ORDER BY id
           LIMIT $1
           FOR UPDATE SKIP LOCKED
         )
         SELECT c.id, c.event_id, c.subject, c.aggregate, c.payload::text AS payload,
                EXISTS (
                  SELECT 1 FROM outbox_events e
                  WHERE e.aggregate = c.aggregate AND e.sent_at IS NULL AND e.id < c.id
                    AND e.id NOT IN (SELECT id FROM claimed)
                ) AS blocked
         FROM claimed c
         ORDER BY c.id`,
        after === null ? [limit] : [limit, after],
      );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      subject: r.subject,
      aggregate: r.aggregate,
      payload: r.payload,
      blocked: r.blocked,
    }));
  }

  private async markSent(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE outbox_events SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [
      ids,
    ]);
  }

  private async markFailed(manager: EntityManager, failures: readonly { id: string; error: string }[]): Promise<void> {
    if (failures.length === 0) return;
    await manager.query(
      `UPDATE outbox_events o SET attempts = o.attempts + 1, last_error = f.error
       FROM unnest($1::bigint[], $2::text[]) AS f(id, error)
       WHERE o.id = f.id`,
      [failures.map((f) => f.id), failures.map((f) => f.error)],
    );
  }

  async backlog(dataSource: DataSource): Promise<OutboxBacklog> {
    const [row]: { pending: string; lag: number | null }[] = await dataSource.query(
      `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS lag
       FROM outbox_events WHERE sent_at IS NULL`,
    );
    return { pending: Number(row.pending), lagSeconds: Math.max(0, row.lag ?? 0) };
  }
}
