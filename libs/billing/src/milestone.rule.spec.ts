import { trialExpiringId } from '@lifecycle/contracts';
import { dueMilestone } from './milestone.rule';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TRIAL = [7, 3, 1] as const;
const RENEWAL = [7, 3] as const;
const T = new Date('2026-12-10T09:00:00Z');
const at = (iso: string) => new Date(iso);
const before = (ms: number) => new Date(T.getTime() - ms);

function trial(now: Date, startedAt = before(14 * DAY), endsAt = T) {
  return dueMilestone({ endsAt, startedAt, now, milestones: TRIAL });
}

describe('dueMilestone', () => {
  describe('trial window edges (T = 2026-12-10 09:00)', () => {
    it.each([
      ['long before the 7-day window', null, before(10 * DAY)],
      ['1 ms before T − 7d − 12h', null, before(7 * DAY + 12 * HOUR + 1)],
      ['exactly T − 7d − 12h', 7, before(7 * DAY + 12 * HOUR)],
      ['the 7-day slot', 7, before(7 * DAY)],
      ['1 ms before T − 3d − 12h', 7, before(3 * DAY + 12 * HOUR + 1)],
      ['exactly T − 3d − 12h', 3, before(3 * DAY + 12 * HOUR)],
      ['the 3-day slot', 3, before(3 * DAY)],
      ['1 ms before T − 1d − 12h', 3, before(DAY + 12 * HOUR + 1)],
      ['exactly T − 1d − 12h', 1, before(DAY + 12 * HOUR)],
      ['1 ms before T', 1, before(1)],
      ['exactly T', null, T],
      ['after T', null, at('2026-12-11T09:00:00Z')],
    ])('%s → %p', (_, expected, now) => expect(trial(now)).toBe(expected));
  });

  describe('a trial created 2 days before its end', () => {
    const startedAt = before(2 * DAY);
    it.each([
      ['at creation', null, startedAt],
      ['the 09:00 tick 2 days before T', null, at('2026-12-08T09:00:00Z')],
      ['T − 1d − 12h', 1, at('2026-12-08T21:00:00Z')],
      ['the 09:00 tick 1 day before T', 1, at('2026-12-09T09:00:00Z')],
    ])('%s → %p (the 3- and 7-day mails never apply)', (_, expected, now) => expect(trial(now, startedAt)).toBe(expected));

    it('gets the 3-day mail when it existed exactly 3 days before T, and nothing when created 20 h before T', () => {
      expect(trial(before(3 * DAY), before(3 * DAY))).toBe(3);
      expect(trial(before(HOUR), before(20 * HOUR))).toBeNull();
    });
  });

  describe('a trial extended after its 3-day mail', () => {
    const startedAt = at('2026-11-26T09:00:00Z');
    const extendedTo = at('2026-12-17T09:00:00Z');
    const byFourDays = at('2026-12-14T09:00:00Z');

    it('had its 3-day mail for the old end', () => {
      expect(trial(at('2026-12-07T09:00:00Z'), startedAt, T)).toBe(3);
    });

    it.each([
      ['the next day, 7-day window of the new end not open yet', null, '2026-12-08T09:00:00Z'],
      ['7 days before the new end', 7, '2026-12-10T09:00:00Z'],
      ['3 days before the new end', 3, '2026-12-14T09:00:00Z'],
      ['1 day before the new end', 1, '2026-12-16T09:00:00Z'],
    ])('extended by a week: %s → %p', (_, expected, now) => expect(trial(at(now), startedAt, extendedTo)).toBe(expected));

    it('extended by 4 days: the 7-day reminder of the new end is due at once, under a new event id', () => {
      expect(trial(at('2026-12-08T09:00:00Z'), startedAt, byFourDays)).toBe(7);
      expect(trialExpiringId(42, 7, byFourDays)).not.toBe(trialExpiringId(42, 7, T));
      expect(trialExpiringId(42, 3, byFourDays)).not.toBe(trialExpiringId(42, 3, T));
    });
  });

  describe('a tick 30 hours late', () => {
    it.each([
      ['the 7-day slot, 30 h late', 7, '2026-12-04T15:00:00Z'],
      ['the 4-day slot, 30 h late: the 3-day window has opened', 3, '2026-12-07T15:00:00Z'],
      ['the 3-day slot, 30 h late: the 1-day window has not opened', 3, '2026-12-08T15:00:00Z'],
      ['the 2-day slot, 30 h late', 1, '2026-12-09T15:00:00Z'],
      ['the 1-day slot, 30 h late: the trial is over', null, '2026-12-10T15:00:00Z'],
    ])('%s → %p', (_, expected, now) => expect(trial(at(now))).toBe(expected));
  });

  it('sends each trial milestone once over daily 09:00 ticks, given a ledger of ids', () => {
    const ledger = new Set<string>();
    const sent: number[] = [];
    for (let now = before(14 * DAY).getTime(); now < T.getTime() + 2 * DAY; now += DAY) {
      const d = trial(new Date(now));
      if (d !== null && !ledger.has(trialExpiringId(1, d, T))) {
        ledger.add(trialExpiringId(1, d, T));
        sent.push(d);
      }
    }
    expect(sent).toEqual([7, 3, 1]);
  });

  describe('renewals (7 and 3 days)', () => {
    const renewal = (now: Date, startedAt = before(30 * DAY)) => dueMilestone({ endsAt: T, startedAt, now, milestones: RENEWAL });
    it.each([
      ['before T − 7d − 12h', null, before(7 * DAY + 12 * HOUR + 1)],
      ['exactly T − 7d − 12h', 7, before(7 * DAY + 12 * HOUR)],
      ['exactly T − 3d − 12h', 3, before(3 * DAY + 12 * HOUR)],
      ['1 day before T: no 1-day milestone, the 3-day one is still due', 3, before(DAY)],
      ['at T', null, T],
    ])('%s → %p', (_, expected, now) => expect(renewal(now)).toBe(expected));

    it('a period that began 5 days before its end gets only the 3-day reminder', () => {
      expect(renewal(before(5 * DAY), before(5 * DAY))).toBeNull();
      expect(renewal(before(3 * DAY), before(5 * DAY))).toBe(3);
    });
  });
});
