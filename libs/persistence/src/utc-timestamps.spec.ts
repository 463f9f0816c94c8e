import { parseNaiveUtc } from './utc-timestamps';

describe('parseNaiveUtc', () => {
  it('reads a naive timestamp as UTC', () => {
    expect((parseNaiveUtc('2026-12-01 09:00:00') as Date).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect((parseNaiveUtc('2026-01-10 08:15:02.123456') as Date).toISOString()).toBe('2026-01-10T08:15:02.123Z');
  });

  it('leaves values a Date cannot hold as PostgreSQL spelled them', () => {
    expect(parseNaiveUtc('infinity')).toBe('infinity');
    expect(parseNaiveUtc('-infinity')).toBe('-infinity');
    expect(parseNaiveUtc('0044-03-15 12:00:00 BC')).toBe('0044-03-15 12:00:00 BC');
  });
});
