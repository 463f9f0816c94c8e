import { InvalidEventError, type Envelope } from '@lifecycle/contracts';
import type { BillingSettings } from './billing.settings';
import type { ReminderCandidate, ReminderStore, PendingReminder } from './reminder.store';
import { SkipLog, type SkippedRow } from './skip-log';
import { WHOLE_TABLE, type PageCursor } from './sweep-shards';
import type { SweepMetrics } from './sweep-metrics';
import type { BillingSweep, SweepLogger, SweepObserver, SweepSummary, SweepTick } from './sweep.types';

export interface ReminderSpec {
  sweep: BillingSweep;
  subject: 'trial.expiring' | 'renewal.upcoming';
  milestones: readonly number[];
  /** The event of a due candidate, or why it is skipped. Throwing InvalidEventError also skips it. */
  envelope(candidate: ReminderCandidate, tick: SweepTick): Envelope | SkippedRow;
}

/**
 * The reminder sweep both reminder use cases run: keyset pages over the look-ahead window, each
 * read, turned into events and inserted in one transaction (docs/billing.md, "Sweeps").
 */
export class ReminderSweep {
  constructor(
    private readonly spec: ReminderSpec,
    private readonly store: ReminderStore,
    private readonly settings: BillingSettings,
    private readonly metrics: SweepMetrics,
    private readonly logger: SweepLogger,
  ) {}

  async run(tick: SweepTick, observer: SweepObserver = {}): Promise<SweepSummary> {
    const { sweep, milestones } = this.spec;
    const stopTimer = this.metrics.startTimer(sweep);
    const skips = new SkipLog(sweep, this.logger, this.settings.skipWarningLimit);
    const range = tick.shard ?? WHOLE_TABLE;
    skips.addReport(await this.store.anomalies({ sampleLimit: this.settings.skipWarningLimit, range }));
    const totals = { scanned: 0, due: 0, emitted: 0, batches: 0 };
    for (let after: PageCursor | null = null; ; ) {
      let built: Envelope[] = [];
      const { page, inserted } = await this.store.emitPage({ now: tick.now, range, after, limit: this.settings.batchSize, milestones }, (page) => {
        built = [];
        page.skipped.forEach((row) => skips.add(row));
        return page.due.flatMap((candidate) => this.pending(candidate, tick, skips, built));
      });
      if (page.next === null) break;
      after = page.next;
      totals.scanned += page.scanned;
      totals.due += built.length;
      totals.emitted += inserted.size;
      totals.batches += 1;
      this.metrics.emitted(this.spec.subject, inserted.size);
      const emitted = built.filter((e) => inserted.has(e.id));
      if (emitted.length) observer.emitted?.(emitted);
    }
    return {
      sweep,
      tickId: tick.tickId,
      now: tick.now.toISOString(),
      ...(tick.shard ? { shard: tick.shard } : {}),
      scanned: totals.scanned,
      emitted: totals.emitted,
      alreadySent: totals.due - totals.emitted,
      expired: 0,
      skipped: skips.finish(this.metrics),
      batches: totals.batches,
      durationSeconds: stopTimer(),
    };
  }

  private pending(candidate: ReminderCandidate, tick: SweepTick, skips: SkipLog, built: Envelope[]): PendingReminder[] {
    let result: Envelope | SkippedRow;
    try {
      result = this.spec.envelope(candidate, tick);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      result = { reason: 'invalid_event', subscriptionId: candidate.subscriptionId, companyId: candidate.companyId, detail: error.message };
    }
    if ('reason' in result) {
      skips.add(result);
      return [];
    }
    built.push(result);
    return [{ envelope: result, subscriptionId: candidate.subscriptionId, endsAt: candidate.endsAt }];
  }
}
