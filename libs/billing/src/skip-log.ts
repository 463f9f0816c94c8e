import type { SweepMetrics } from './sweep-metrics';
import type { BillingSweep, SkipReason, SweepLogger } from './sweep.types';

export interface SkippedRow {
  reason: SkipReason;
  subscriptionId: number;
  companyId: number | null;
  detail?: string;
}

/** What a sweep's anomaly query found: totals per reason and the first rows of each. */
export interface AnomalyReport {
  counts: Partial<Record<SkipReason, number>>;
  samples: SkippedRow[];
}

/** One row of an anomaly query: a reason, its total and the first subscriptions (ids, company ids) in id order. */
export interface AnomalyGroup {
  reason: SkipReason;
  total: number;
  ids: number[];
  company_ids: (number | null)[];
}

export function anomalyReport(groups: readonly AnomalyGroup[], sampleLimit: number): AnomalyReport {
  const counts: AnomalyReport['counts'] = {};
  const samples: SkippedRow[] = [];
  for (const group of groups) {
    counts[group.reason] = group.total;
    group.ids.forEach((id, i) => samples.push({ reason: group.reason, subscriptionId: id, companyId: group.company_ids[i] ?? null }));
  }
  samples.sort((a, b) => a.subscriptionId - b.subscriptionId);
  return { counts, samples: samples.slice(0, sampleLimit) };
}

const EXPLANATION: Record<SkipReason, string> = {
  company_missing: 'its company row is missing',
  no_admin: 'the company has no active admin',
  no_trial_end: 'the trial has no end date',
  no_period_end: 'the active subscription has no period end',
  no_price: 'no successful payment and no list price',
  invalid_event: 'its event does not pass the contract',
};

/**
 * Skipped rows of one sweep run: a warning naming each row, up to a limit, then one summary line;
 * the totals go to `lifecycle_billing_skipped_total` (docs/billing.md, "Bad data").
 */
export class SkipLog {
  private readonly counts: Partial<Record<SkipReason, number>> = {};
  private named = 0;

  constructor(
    private readonly sweep: BillingSweep,
    private readonly logger: SweepLogger,
    private readonly limit: number,
  ) {}

  add(row: SkippedRow): void {
    this.counts[row.reason] = (this.counts[row.reason] ?? 0) + 1;
    this.name(row);
  }

  addReport(report: AnomalyReport): void {
    for (const [reason, count] of Object.entries(report.counts) as [SkipReason, number][]) {
      this.counts[reason] = (this.counts[reason] ?? 0) + count;
    }
    report.samples.forEach((row) => this.name(row));
  }

  finish(metrics: SweepMetrics): Partial<Record<SkipReason, number>> {
    const total = Object.values(this.counts).reduce((sum, n) => sum + n, 0);
    if (total > this.named) {
      const perReason = Object.entries(this.counts).map(([reason, n]) => `${reason} ${n}`).join(', ');
      this.logger.warn(`${this.sweep}: ${total - this.named} more skipped rows not listed (totals: ${perReason})`);
    }
    for (const [reason, count] of Object.entries(this.counts) as [SkipReason, number][]) metrics.skipped(this.sweep, reason, count);
    return { ...this.counts };
  }

  private name(row: SkippedRow): void {
    if (this.named >= this.limit) return;
    this.named += 1;
    const company = row.companyId === null ? 'no company' : `company ${row.companyId}`;
    const detail = row.detail ? `: ${row.detail}` : '';
    this.logger.warn(`${this.sweep}: skipped subscription ${row.subscriptionId} (${company}), ${EXPLANATION[row.reason]}${detail}`);
  }
}
