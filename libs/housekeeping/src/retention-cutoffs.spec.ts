import { retentionSettings } from './data-retention.settings';
import { retentionCutoffs } from './retention-cutoffs';

const DAY = 86_400_000;
const settings = retentionSettings({ windowMs: 30 * DAY, evidenceMs: 730 * DAY });

describe('retentionCutoffs', () => {
  it('measures every table from the tick in system mode (the tick is not later than the wall clock)', () => {
    const tick = new Date('2026-12-01T03:00:00Z');
    expect(retentionCutoffs(tick, new Date('2026-12-01T03:00:02Z'), settings)).toEqual({
      wallStamped: new Date('2026-11-01T03:00:00Z'),
      slots: new Date('2026-11-01T03:00:00Z'),
      evidence: new Date('2024-12-01T03:00:00Z'),
    });
  });

  it('a simulated clock ahead of the wall clock never prunes rows the database stamped recently', () => {
    const cut = retentionCutoffs(new Date('2027-06-01T03:00:00Z'), new Date('2026-12-01T00:00:00Z'), settings);
    expect(cut.wallStamped).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(cut.slots).toEqual(new Date('2027-05-02T03:00:00Z'));
  });

  it('evidence kept forever has no cutoff', () => {
    expect(retentionCutoffs(new Date(), new Date(), retentionSettings({ evidenceMs: null })).evidence).toBeNull();
  });
});
