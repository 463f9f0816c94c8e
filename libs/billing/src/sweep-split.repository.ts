import type { EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { markProcessed } from '@lifecycle/persistence';
import { RENEWAL_REMINDER_SOURCE, TRIAL_REMINDER_SOURCE } from './reminder.repository';
import type { ShardEvidence } from './sweep-shards';
import type { CandidateWindow, SplitQuery, SweepSplitStore } from './sweep-split.store';
import type { BillingSweep } from './sweep.types';

// The rows each sweep reads at its tick ($2 from, $3 to); the same conditions as its page queries.
const CANDIDATES: Record<BillingSweep, string> = {
  'trial-reminders': `${TRIAL_REMINDER_SOURCE.candidates} AND ${TRIAL_REMINDER_SOURCE.endsAt} > $2::timestamp AND ${TRIAL_REMINDER_SOURCE.endsAt} <= $3::timestamp`,
  'renewal-reminders': `${RENEWAL_REMINDER_SOURCE.candidates} AND ${RENEWAL_REMINDER_SOURCE.endsAt} > $2::timestamp AND ${RENEWAL_REMINDER_SOURCE.endsAt} <= $3::timestamp`,
  'trial-expiry': `s.status = 'trial' AND s.trial_ends_at < $3::timestamp AND $2::timestamp IS NULL`,
};

// min and max are one index probe each on the primary key.
const BOUNDS = `SELECT (SELECT min(id) FROM subscriptions) AS min_id, (SELECT max(id) FROM subscriptions) AS max_id`;

// SYSTEM sampling reads $1 percent of the table's pages, chosen at random: never the whole table.
const sampleSql = (sweep: BillingSweep) => `
  SELECT s.id FROM subscriptions s TABLESAMPLE SYSTEM ($1::float8)
  WHERE ${CANDIDATES[sweep]}
  ORDER BY s.id`;

export const sweepAggregate = (tickId: string): string => `billing-sweep:${tickId}`;

/** The split of a tick into work items: ledger, evidence and outbox rows in one transaction. */
export class SweepSplitRepository implements SweepSplitStore {
  private readonly outbox = new OutboxWriter();

  constructor(private readonly manager: EntityManager) {}

  split(query: SplitQuery, plan: (evidence: ShardEvidence) => readonly Envelope[]) {
    return this.manager.transaction(async (manager) => {
      if (!(await markProcessed(manager, query.ledger, query.tickId))) return null;
      const evidence = await this.evidence(manager, query.window, query.sampleRows);
      const items = plan(evidence);
      const written = await this.outbox.append(manager, items, () => sweepAggregate(query.tickId));
      return { items, written };
    });
  }

  private async evidence(manager: EntityManager, window: CandidateWindow, sampleRows: number): Promise<ShardEvidence> {
    const [bounds]: { min_id: number | null; max_id: number | null }[] = await manager.query(BOUNDS);
    if (bounds.min_id === null || bounds.max_id === null) return { minId: null, maxId: null, sample: [] };
    // The id span bounds the row count from above without statistics (autovacuum may be off).
    const percent = Math.min(100, (100 * sampleRows) / (bounds.max_id - bounds.min_id + 1));
    const rows: { id: number }[] = await manager.query(sampleSql(window.sweep), [percent, window.from, window.to]);
    return { minId: bounds.min_id, maxId: bounds.max_id, sample: rows.map((r) => r.id) };
  }
}
