import { nextSlotAfter, slotsBetween } from './slot-calculator';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace('.000Z', 'Z'));

function slots(cron: string, timeZone: string, after: string, until: string): string[] {
  return iso(slotsBetween({ cron, timeZone }, new Date(after), new Date(until), 1_000).slots);
}

function localDate(instant: Date, timeZone: string): string {
  return instant.toLocaleDateString('en-CA', { timeZone });
}

describe('nextSlotAfter', () => {
  it.each([
    ['0 9 * * *', 'UTC', '2026-12-01T08:59:59.999Z', '2026-12-01T09:00:00Z'],
    ['0 9 * * *', 'UTC', '2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z'],
    ['0 9 * * *', 'UTC', '2026-12-01T09:00:00.001Z', '2026-12-02T09:00:00Z'],
    ['0 */2 * * *', 'UTC', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'],
    ['30 0 9 * * *', 'UTC', '2026-12-01T09:00:00Z', '2026-12-01T09:00:30Z'],
    ['0 9 * * *', 'Europe/Istanbul', '2026-12-01T00:00:00Z', '2026-12-01T06:00:00Z'],
    ['0 9 * * *', 'Europe/Istanbul', '2026-07-01T06:00:00Z', '2026-07-02T06:00:00Z'],
    ['0 9 * * *', 'America/New_York', '2026-12-01T00:00:00Z', '2026-12-01T14:00:00Z'],
    ['0 9 * * *', 'America/New_York', '2026-07-01T00:00:00Z', '2026-07-01T13:00:00Z'],
  ])('%s in %s after %s is %s', (cron, timeZone, after, expected) => {
    expect(nextSlotAfter({ cron, timeZone }, new Date(after))).toEqual(new Date(expected));
  });
});

describe('slotsBetween', () => {
  it('lists the slots after the first bound up to and including the second, in order', () => {
    expect(slots('0 */6 * * *', 'UTC', '2026-12-01T00:00:00Z', '2026-12-01T18:00:00Z')).toEqual([
      '2026-12-01T06:00:00Z',
      '2026-12-01T12:00:00Z',
      '2026-12-01T18:00:00Z',
    ]);
  });

  it('stops at the limit and says so', () => {
    const timing = { cron: '0 * * * *', timeZone: 'UTC' };
    const from = new Date('2026-12-01T00:00:00Z');
    expect(slotsBetween(timing, from, new Date('2026-12-01T03:00:00Z'), 2)).toEqual({
      slots: [new Date('2026-12-01T01:00:00Z'), new Date('2026-12-01T02:00:00Z')],
      truncated: true,
    });
    expect(slotsBetween(timing, from, new Date('2026-12-01T02:00:00Z'), 2).truncated).toBe(false);
  });

  describe('across DST in America/New_York', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
    it('fires a daily time skipped by the spring-forward once, at the jump', () => {
      expect(slots('30 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', '2026-03-09T12:00:00Z')).toEqual([
        '2026-03-07T07:30:00Z',
        '2026-03-08T07:00:00Z',
        '2026-03-09T06:30:00Z',
      ]);
    });

    it('keeps a daily time outside the gap at its wall-clock time', () => {
      expect(slots('0 9 * * *', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-09T23:00:00Z')).toEqual([
        '2026-03-07T14:00:00Z',
        '2026-03-08T13:00:00Z',
        '2026-03-09T13:00:00Z',
      ]);
    });

    it('moves every 15 minutes across the spring-forward without a duplicate', () => {
      expect(slots('*/15 * * * *', 'America/New_York', '2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z')).toEqual([
        '2026-03-08T06:45:00Z',
        '2026-03-08T07:00:00Z',
        '2026-03-08T07:15:00Z',
        '2026-03-08T07:30:00Z',
      ]);
    });

    it('fires a daily time repeated by the fall-back once, at its first occurrence', () => {
      expect(slots('30 1 * * *', 'America/New_York', '2026-10-30T12:00:00Z', '2026-11-02T12:00:00Z')).toEqual([
        '2026-10-31T05:30:00Z',
        '2026-11-01T05:30:00Z',
        '2026-11-02T06:30:00Z',
      ]);
      const fromTheRepeatedHour = slots('30 1 * * *', 'America/New_York', '2026-11-01T06:10:00Z', '2026-11-02T12:00:00Z');
      expect(fromTheRepeatedHour).toEqual(['2026-11-02T06:30:00Z']);
    });

    it('fires the hour after the fall-back once', () => {
      expect(slots('0 2 * * *', 'America/New_York', '2026-10-30T12:00:00Z', '2026-11-02T12:00:00Z')).toEqual([
        '2026-10-31T06:00:00Z',
        '2026-11-01T07:00:00Z',
        '2026-11-02T07:00:00Z',
      ]);
    });

    it('keeps every 15 minutes through the repeated hour, from anywhere in it', () => {
      const quarterHours = Array.from({ length: 13 }, (_, i) => new Date(Date.parse('2026-11-01T05:00:00Z') + i * 900_000));
      const timing = { cron: '*/15 * * * *', timeZone: 'America/New_York' };
      expect(slots(timing.cron, timing.timeZone, '2026-11-01T04:50:00Z', '2026-11-01T08:00:00Z')).toEqual(iso(quarterHours));
      expect(nextSlotAfter(timing, new Date('2026-11-01T06:10:00Z'))).toEqual(new Date('2026-11-01T06:15:00Z'));
    });

    it.each(['30 1 * * *', '30 2 * * *'])('%s fires once every local day of the year, in order', (cron) => {
      const timeZone = 'America/New_York';
      const newYear = (year: number) => new Date(`${year}-01-01T04:59:59Z`);
      const year = slotsBetween({ cron, timeZone }, newYear(2026), newYear(2027), 400).slots;
      for (let i = 1; i < year.length; i++) expect(year[i].getTime()).toBeGreaterThan(year[i - 1].getTime());
      expect(new Set(year.map((slot) => localDate(slot, timeZone))).size).toBe(365);
      expect(year).toHaveLength(365);
    });

    it.each([
      ['2026-03-07', 96],
      ['2026-03-08', 92],
      ['2026-03-09', 96],
      ['2026-10-31', 96],
      ['2026-11-01', 100],
      ['2026-11-02', 96],
    ])('every 15 minutes fires on %s as many times as the local day has quarter hours (%i)', (day, count) => {
      const timing = { cron: '*/15 * * * *', timeZone: 'America/New_York' };
      const noon = Date.parse(`${day}T12:00:00Z`);
      const { slots: days } = slotsBetween(timing, new Date(noon - 2 * 86_400_000), new Date(noon + 2 * 86_400_000), 500);
      const local = days.filter((slot) => localDate(slot, timing.timeZone) === day);
      for (let i = 1; i < local.length; i++) expect(local[i].getTime() - local[i - 1].getTime()).toBe(900_000);
      expect(local).toHaveLength(count);
    });
  });

  it('handles a half-hour DST shift (Australia/Lord_Howe) with every hour keeping its slot', () => {
    // 2026-04-05 02:00 +11:00 → 01:30 +10:30 (15:00Z): 01:30 is shown twice.
    expect(slots('30 * * * *', 'Australia/Lord_Howe', '2026-04-04T13:00:00Z', '2026-04-04T16:00:00Z')).toEqual([
      '2026-04-04T13:30:00Z',
      '2026-04-04T14:30:00Z',
      '2026-04-04T15:00:00Z',
      '2026-04-04T16:00:00Z',
    ]);
    expect(slots('30 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', '2026-04-05T23:00:00Z')).toEqual([
      '2026-04-04T14:30:00Z',
      '2026-04-05T15:00:00Z',
    ]);
  });
});
