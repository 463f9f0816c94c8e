import { InvalidDurationError, parseDuration } from './duration';
import { FakeClock } from './fake.clock';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['6h', 21_600_000],
    ['3d', 259_200_000],
    ['1d12h', 129_600_000],
    ['1w', 604_800_000],
  ])('%s → %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['', '3', 'd', '3x', '1d 2h', '-1d', 'soon'])('rejects %p', (input) => {
    expect(() => parseDuration(input)).toThrow(InvalidDurationError);
  });
});

describe('FakeClock', () => {
  it('moves only when told to, and hands out copies', () => {
    const clock = new FakeClock('2026-12-01T09:00:00Z');
    const first = clock.now();
    first.setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-12-01T09:01:30.000Z');
    clock.set('2026-11-30T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});
