import { anomalyReport, SkipLog } from './skip-log';
import type { SweepMetrics } from './sweep-metrics';

describe('SkipLog', () => {
  const recorded: [string, string, number][] = [];
  const metrics: SweepMetrics = { startTimer: () => () => 0, emitted: () => undefined, skipped: (s, r, n) => void recorded.push([s, r, n]) };

  it('names rows up to the limit, sums up the rest, and counts every reason', () => {
    const lines: string[] = [];
    const log = new SkipLog('trial-expiry', { log: () => undefined, warn: (m) => void lines.push(m) }, 2);
    log.addReport(
      anomalyReport(
        [
          { reason: 'no_admin', total: 30, ids: [5, 9], company_ids: [50, 90] },
          { reason: 'company_missing', total: 1, ids: [7], company_ids: [70] },
        ],
        2,
      ),
    );
    log.add({ reason: 'invalid_event', subscriptionId: 11, companyId: 110, detail: 'admin.email: too long' });

    expect(log.finish(metrics)).toEqual({ no_admin: 30, company_missing: 1, invalid_event: 1 });
    expect(lines).toEqual([
      'trial-expiry: skipped subscription 5 (company 50), the company has no active admin',
      'trial-expiry: skipped subscription 7 (company 70), its company row is missing',
      'trial-expiry: 30 more skipped rows not listed (totals: no_admin 30, company_missing 1, invalid_event 1)',
    ]);
    expect(recorded).toEqual([
      ['trial-expiry', 'no_admin', 30],
      ['trial-expiry', 'company_missing', 1],
      ['trial-expiry', 'invalid_event', 1],
    ]);
  });
});
