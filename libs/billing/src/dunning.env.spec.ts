import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { checkDunningEnv, dunningEnv, dunningSettingsFromEnv } from './dunning.env';

const schema = z.object(dunningEnv).superRefine(checkDunningEnv);
const HOUR = 3_600_000;

describe('dunning environment', () => {
  it('defaults: 6 h, 24 h, 72 h, hard declines, detection every minute, 7 d lookback, 24 h outcome timeout', () => {
    const settings = dunningSettingsFromEnv(loadEnv('billing', schema, {}));
    expect(settings.schedule.backoffMs).toEqual([6 * HOUR, 24 * HOUR, 72 * HOUR]);
    expect(settings.schedule.maxRetries).toBe(3);
    expect(settings.hardDeclines.list()).toEqual(['3', '11', '41', '43', '46', '54']);
    expect(settings).toMatchObject({ detectIntervalMs: 60_000, lookbackMs: 7 * 24 * HOUR, outcomeTimeoutMs: 24 * HOUR });
    expect(settings.statusBackoffMs).toEqual([5 * 60_000, 15 * 60_000, HOUR, 3 * HOUR, 6 * HOUR]);
  });

  it('reads every variable', () => {
    const settings = dunningSettingsFromEnv(
      loadEnv('billing', schema, {
        PAYMENT_RETRY_BACKOFF: '1h,2h',
        PAYMENT_MAX_RETRIES: '4',
        PAYMENT_HARD_DECLINE_CODES: '43',
        DUNNING_DETECT_INTERVAL: '0',
        DUNNING_LOOKBACK: '30d',
        PAYMENT_OUTCOME_TIMEOUT: '2h',
        PAYMENT_STATUS_BACKOFF: '1m,10m',
      }),
    );
    expect(settings.statusBackoffMs).toEqual([60_000, 600_000]);
    expect(settings.schedule.maxRetries).toBe(4);
    expect(settings.schedule.delayBefore(4)).toBe(2 * HOUR);
    expect(settings).toMatchObject({ detectIntervalMs: 0, lookbackMs: 30 * 24 * HOUR, outcomeTimeoutMs: 2 * HOUR });
    expect(settings.hardDeclines.isHard('41')).toBe(false);
  });

  it.each([
    ['PAYMENT_RETRY_BACKOFF', { PAYMENT_RETRY_BACKOFF: '6 hours' }],
    ['PAYMENT_MAX_RETRIES', { PAYMENT_MAX_RETRIES: '2' }],
    ['PAYMENT_MAX_RETRIES', { PAYMENT_MAX_RETRIES: '0' }],
    ['PAYMENT_HARD_DECLINE_CODES', { PAYMENT_HARD_DECLINE_CODES: 'stolen card' }],
    ['DUNNING_DETECT_INTERVAL', { DUNNING_DETECT_INTERVAL: 'often' }],
    ['DUNNING_LOOKBACK', { DUNNING_LOOKBACK: '0' }],
    ['PAYMENT_STATUS_BACKOFF', { PAYMENT_STATUS_BACKOFF: '5m,,1h' }],
  ])('names %s', (variable, env) => {
    expect(() => loadEnv('billing', schema, env)).toThrow(ConfigError);
    expect(() => loadEnv('billing', schema, env)).toThrow(variable);
  });
});
