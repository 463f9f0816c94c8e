import { isoId } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import type { RetentionMetrics, RetentionStore, RetentionTable } from './data-retention.ports';
import type { RetentionSettings } from './data-retention.settings';
import { retentionCutoffs } from './retention-cutoffs';

export interface RetentionTick {
  /** The tick's scheduledAt. */
  now: Date;
  tickId: string;
}

export interface RetentionSummary {
  tickId: string;
  /** Rows deleted per table. */
  deleted: Record<RetentionTable, number>;
  /** What each table was pruned up to (exclusive); null for evidence kept forever. */
  cutoffs: { outbox_events: string; processed_messages: string; clock_slots: string; email_logs: string | null; audit_logs: string | null };
  durationSeconds: number;
}

/**
 * The data-retention tick (the design document's cleanup_old_data.py): prunes sent outbox events,
 * handled-message records and clock slots older than RETENTION_WINDOW, and the evidence tables
 * (email_logs, audit_logs) older than EVIDENCE_RETENTION. Idempotent: a rerun finds nothing more to delete.
 */
export class DataRetentionUseCase {
  constructor(
    private readonly store: RetentionStore,
    private readonly settings: RetentionSettings,
    /** The real time, whatever the mode (see retentionCutoffs). */
    private readonly wallClock: Clock,
    private readonly metrics: RetentionMetrics,
  ) {}

  async execute(tick: RetentionTick): Promise<RetentionSummary> {
    const started = process.hrtime.bigint();
    const cut = retentionCutoffs(tick.now, this.wallClock.now(), this.settings);
    const plan: [RetentionTable, Date | null][] = [
      ['outbox_events', cut.wallStamped],
      ['processed_messages', cut.wallStamped],
      ['clock_slots', cut.slots],
      ['email_logs', cut.evidence],
      ['audit_logs', cut.evidence],
    ];
    const deleted = {} as Record<RetentionTable, number>;
    for (const [table, before] of plan) deleted[table] = before ? await this.prune(table, before) : 0;
    const iso = (at: Date | null) => (at ? isoId(at) : null);
    return {
      tickId: tick.tickId,
      deleted,
      cutoffs: {
        outbox_events: isoId(cut.wallStamped),
        processed_messages: isoId(cut.wallStamped),
        clock_slots: isoId(cut.slots),
        email_logs: iso(cut.evidence),
        audit_logs: iso(cut.evidence),
      },
      durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  }

  private async prune(table: RetentionTable, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.store.deleteBatch(table, before, this.settings.batchSize);
      total += rows;
      if (rows > 0) this.metrics.deleted(table, rows);
      if (rows < this.settings.batchSize) return total;
    }
  }
}
