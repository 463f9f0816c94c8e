import { tickId } from '@lifecycle/contracts';
import { jitterFor } from './jitter';

const THIRTY_MINUTES = 30 * 60_000;

describe('jitterFor', () => {
  it('is the same for the same slot, on every replica', () => {
    const id = tickId('trial-reminders', '2026-12-01T09:00:00Z');
    expect(jitterFor(id, THIRTY_MINUTES)).toBe(jitterFor(id, THIRTY_MINUTES));
  });

  it('is zero without a maximum, or below one second', () => {
    expect(jitterFor('trial-reminders@2026-12-01T09:00:00Z', 0)).toBe(0);
    expect(jitterFor('trial-reminders@2026-12-01T09:00:00Z', 999)).toBe(0);
  });

  it('stays within the range, in whole seconds, and spreads across it', () => {
    const start = Date.parse('2026-01-01T09:00:00Z');
    const slotIds = Array.from({ length: 10_000 }, (_, hour) => tickId('trial-reminders', new Date(start + hour * 3_600_000)));
    const jitters = slotIds.map((id) => jitterFor(id, THIRTY_MINUTES));
    for (const jitter of jitters) {
      expect(jitter % 1000).toBe(0);
      expect(jitter).toBeGreaterThanOrEqual(0);
      expect(jitter).toBeLessThanOrEqual(THIRTY_MINUTES);
    }
    const buckets = new Array<number>(10).fill(0);
    for (const jitter of jitters) buckets[Math.min(9, Math.floor(jitter / (THIRTY_MINUTES / 10)))] += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
    for (const count of buckets) expect(count).toBeLessThan(1150);
    expect(new Set(jitters).size).toBeGreaterThan(1500);
  });

  it('differs between schedules sharing a slot time', () => {
    const at = '2026-12-01T09:00:00Z';
    const [trial, renewal] = [tickId('trial-reminders', at), tickId('renewal-reminders', at)];
    expect(jitterFor(trial, THIRTY_MINUTES)).not.toBe(jitterFor(renewal, THIRTY_MINUTES));
  });
});
