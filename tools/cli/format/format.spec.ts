import { Palette, visibleLength } from './palette';
import { formatTable, truncate } from './table';
import { formatBytes, formatInstant, formatRelative, parseSince } from './time';

describe('formatTable', () => {
  it('aligns columns, right-aligns numbers, ignores colour codes in widths and leaves the last column unpadded', () => {
    const red = new Palette(true).paint('red', 'failed');
    const table = formatTable(
      [{ header: 'SEQ', align: 'right' }, { header: 'REASON' }, { header: 'ERROR' }],
      [
        ['7', red, 'boom'],
        ['123', 'max-deliveries', 'x'],
      ],
    );
    expect(table.split('\n').map((l) => l.replace(/\u001b\[\d+m/g, ''))).toEqual([
      'SEQ  REASON          ERROR',
      '  7  failed          boom',
      '123  max-deliveries  x',
    ]);
    expect(visibleLength(red)).toBe(6);
  });

  it('truncate keeps one line and marks the cut', () => {
    expect(truncate('line one\nline two', 100)).toBe('line one line two');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('Palette', () => {
  it('paints only when enabled', () => {
    expect(new Palette(false).paint('red', 'x')).toBe('x');
    expect(new Palette(true).paint('red', 'x')).toBe('\u001b[31mx\u001b[0m');
  });
});

describe('times', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('instants are UTC to the second', () => {
    expect(formatInstant('2026-12-01T09:00:00.123Z')).toBe('2026-12-01 09:00:00Z');
  });

  it('relative times take the two largest units', () => {
    expect(formatRelative('2026-12-01T08:47:30Z', now)).toBe('3h 12m ago');
    expect(formatRelative('2026-11-29T11:00:00Z', now)).toBe('2d 1h ago');
    expect(formatRelative('2026-12-01T12:00:00Z', now)).toBe('0s ago');
    expect(formatRelative('2026-12-01T12:00:45Z', now)).toBe('in 45s');
  });

  it('--since takes a duration back or an ISO time, and says what it wants otherwise', () => {
    expect(parseSince('1h', now)).toEqual(new Date('2026-12-01T11:00:00Z'));
    expect(parseSince('2026-11-30T00:00:00Z', now)).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(() => parseSince('yesterday', now)).toThrow('--since "yesterday" is neither a duration (e.g. 15m, 1h, 2d) nor an ISO-8601 time');
    expect(() => parseSince('2026-13-45', now)).toThrow('--since');
  });

  it('sizes in SI units', () => {
    expect([formatBytes(512), formatBytes(1_234), formatBytes(45_600_000)]).toEqual(['512 B', '1.2 kB', '46 MB']);
  });
});
