import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { parseOptionalRetentionPeriod, parseRetentionPeriod } from './retention-period';
import { retentionEnv, retentionSettingsFromEnv } from './retention.env';

const DAY = 86_400_000;
const schema = z.object(retentionEnv);

describe('retention periods', () => {
  it.each([
    ['30d', 30 * DAY],
    ['12w', 84 * DAY],
    ['2y', 730 * DAY],
    ['1d12h', 1.5 * DAY],
  ])('%s → %d ms', (input, ms) => expect(parseRetentionPeriod(input)).toBe(ms));

  it('off and 0 mean forever; nonsense is refused with the accepted forms', () => {
    expect(parseOptionalRetentionPeriod('off')).toBeNull();
    expect(parseOptionalRetentionPeriod('0')).toBeNull();
    expect(() => parseRetentionPeriod('two years')).toThrow('use a duration such as 30d, 12w or 2y');
  });
});

describe('retentionEnv', () => {
  it('defaults: 30 days, evidence 2 years, batches of 10,000', () => {
    expect(retentionSettingsFromEnv(loadEnv('billing', schema, {}))).toEqual({ windowMs: 30 * DAY, evidenceMs: 730 * DAY, batchSize: 10_000 });
  });

  it('EVIDENCE_RETENTION=off keeps the evidence forever', () => {
    expect(retentionSettingsFromEnv(loadEnv('billing', schema, { EVIDENCE_RETENTION: 'off', RETENTION_WINDOW: '45d' }))).toMatchObject({
      windowMs: 45 * DAY,
      evidenceMs: null,
    });
  });

  it.each([
    [{ RETENTION_WINDOW: '7d' }, 'RETENTION_WINDOW: must be at least 30d'],
    [{ RETENTION_WINDOW: 'soon' }, 'RETENTION_WINDOW: must be a duration such as 30d, 12w or 2y'],
    [{ EVIDENCE_RETENTION: '30d' }, 'EVIDENCE_RETENTION: must be at least 90d (or off)'],
    [{ EVIDENCE_RETENTION: 'never' }, 'EVIDENCE_RETENTION: must be a duration such as 30d, 12w or 2y, or off'],
  ])('%p is refused, naming the variable', (env, message) => {
    expect(() => loadEnv('billing', schema, env)).toThrow(ConfigError);
    expect(() => loadEnv('billing', schema, env)).toThrow(message);
  });
});
