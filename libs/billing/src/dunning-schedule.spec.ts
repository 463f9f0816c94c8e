import { DunningSchedule, InvalidDunningScheduleError } from './dunning-schedule';
import { afterFailedRetry } from './dunning-outcome.rule';
import { HardDeclinePolicy } from './hard-decline.policy';

const HOUR = 3_600_000;
const F = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(F.getTime() + ms);

describe('DunningSchedule', () => {
  const schedule = DunningSchedule.DEFAULT;

  it('defaults to 3 retries 6 h, 24 h and 72 h after the failure before each', () => {
    expect(schedule.maxAttempts).toBe(4);
    expect(schedule.nextRetryAt(1, F)).toEqual(at(6 * HOUR));
    expect(schedule.nextRetryAt(2, at(6 * HOUR))).toEqual(at(30 * HOUR));
    expect(schedule.nextRetryAt(3, at(30 * HOUR))).toEqual(at(102 * HOUR));
    expect(schedule.nextRetryAt(4, at(102 * HOUR))).toBeNull();
  });

  it('repeats the last delay when there are more retries than delays', () => {
    const five = new DunningSchedule(DunningSchedule.parseBackoff('1h,2h'), 5);
    expect([1, 2, 3, 4, 5].map((r) => five.delayBefore(r) / HOUR)).toEqual([1, 2, 2, 2, 2]);
    expect(five.nextRetryAt(6, F)).toBeNull();
  });

  it.each([
    [[HOUR, HOUR], 1, /2 delays for 1 retries/],
    [[HOUR], 0, /at least one retry/],
    [[], 3, /no delays/],
    [[0], 1, /longer than zero/],
  ])('rejects %p for %p retries', (backoff, retries, message) => {
    expect(() => new DunningSchedule(backoff, retries)).toThrow(InvalidDunningScheduleError);
    expect(() => new DunningSchedule(backoff, retries)).toThrow(message);
  });

  it('parses a delay list and names a bad one', () => {
    expect(DunningSchedule.parseBackoff('6h, 1d, 3d')).toEqual([6 * HOUR, 24 * HOUR, 72 * HOUR]);
    expect(() => DunningSchedule.parseBackoff('6h,,3d')).toThrow('empty delay');
    expect(() => DunningSchedule.parseBackoff('6 hours')).toThrow('invalid duration');
  });
});

describe('afterFailedRetry', () => {
  const hard = new HardDeclinePolicy();
  const schedule = DunningSchedule.DEFAULT;

  it('schedules the next retry from the failed one, then gives up after the last', () => {
    expect(afterFailedRetry({ retry: 1, code: '0', now: at(6 * HOUR) }, schedule, hard)).toEqual({ kind: 'retry', nextRetryAt: at(30 * HOUR) });
    expect(afterFailedRetry({ retry: 2, code: '0', now: at(30 * HOUR) }, schedule, hard)).toEqual({ kind: 'retry', nextRetryAt: at(102 * HOUR) });
    expect(afterFailedRetry({ retry: 3, code: '0', now: at(102 * HOUR) }, schedule, hard)).toEqual({ kind: 'stop', state: 'exhausted' });
  });

  it('stops at once on a hard decline, whatever retries remain', () => {
    expect(afterFailedRetry({ retry: 1, code: '43', now: F }, schedule, hard)).toEqual({ kind: 'stop', state: 'hard_declined' });
    expect(afterFailedRetry({ retry: 1, code: 'no_outcome', now: F }, schedule, hard).kind).toBe('retry');
  });
});

describe('HardDeclinePolicy', () => {
  it('knows stolen, lost, closed and fraud codes by default and reads a list', () => {
    const policy = new HardDeclinePolicy();
    expect(['3', '11', '41', '43', '46', '54', ' 43 '].every((c) => policy.isHard(c))).toBe(true);
    expect(['0', '51', '6', null, undefined].some((c) => policy.isHard(c))).toBe(false);
    expect(HardDeclinePolicy.parse('stolen_card, 43').list()).toEqual(['stolen_card', '43']);
    expect(HardDeclinePolicy.parse('').isHard('43')).toBe(false);
    expect(() => HardDeclinePolicy.parse('43,4 3')).toThrow('"4 3" is not a decline code');
  });
});
