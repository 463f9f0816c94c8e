import type { EntityManager } from 'typeorm';
import type { RetentionStore, RetentionTable } from './data-retention.ports';

// One batch per statement, each its own transaction: short locks, and an interrupted run simply
// continues on the next tick. The CTE returns the count (TypeORM's result shape for a bare DELETE varies).
const BATCHES: Record<RetentionTable, string> = {
  // Unsent events are never pruned: the relay has yet to publish them.
  outbox_events: `
    DELETE FROM outbox_events WHERE id IN (
      SELECT id FROM outbox_events WHERE sent_at IS NOT NULL AND sent_at < $1::timestamptz LIMIT $2)
    RETURNING 1`,
  processed_messages: `
    DELETE FROM processed_messages p USING (
      SELECT consumer, event_id FROM processed_messages WHERE processed_at < $1::timestamptz LIMIT $2) old
    WHERE p.consumer = old.consumer AND p.event_id = old.event_id
    RETURNING 1`,
  // The latest slot of each schedule is the clock's watermark (catch-up starts after it): always kept.
  clock_slots: `
    DELETE FROM clock_slots c USING (
      SELECT s.schedule, s.slot FROM clock_slots s
      WHERE s.slot < $1::timestamp AND s.slot < (SELECT max(m.slot) FROM clock_slots m WHERE m.schedule = s.schedule)
      LIMIT $2) old
    WHERE c.schedule = old.schedule AND c.slot = old.slot
    RETURNING 1`,
  email_logs: `
    DELETE FROM email_logs WHERE id IN (SELECT id FROM email_logs WHERE sent_at < $1::timestamp LIMIT $2)
    RETURNING 1`,
  audit_logs: `
    DELETE FROM audit_logs WHERE id IN (SELECT id FROM audit_logs WHERE "timestamp" < $1::timestamp LIMIT $2)
    RETURNING 1`,
};

/** Set-based, batched deletes of data-retention (docs/operations.md, "Data retention"). */
export class DataRetentionRepository implements RetentionStore {
  constructor(private readonly manager: EntityManager) {}

  async deleteBatch(table: RetentionTable, before: Date, limit: number): Promise<number> {
    const [{ deleted }]: { deleted: number }[] = await this.manager.query(
      `WITH d AS (${BATCHES[table]}) SELECT count(*)::int AS deleted FROM d`,
      [before, limit],
    );
    return deleted;
  }
}
