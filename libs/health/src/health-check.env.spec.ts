import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { DEFAULT_SCHEDULES, ScheduleConfigError } from '@lifecycle/scheduling';
import { healthCheckEnv, healthSettingsFromEnv } from './health-check.env';

const schema = z.object(healthCheckEnv);
const noFile = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

describe('health check environment', () => {
  it('has defaults for every threshold, each variable described', () => {
    const settings = healthSettingsFromEnv(loadEnv('health', schema, {}), noFile);
    expect(settings).toMatchObject({
      emailFailureRateThreshold: 0.05,
      emailFailureRateMinMails: 10,
      emailStuckAfterMs: 30 * 60_000,
      consumerLagThreshold: 1000,
      outsideConsumerLagThreshold: null,
      maxPaymentRetries: 3,
      expiryIntervalMs: 2 * 3_600_000,
      workspaceStopGraceMs: 15 * 60_000,
      issueLimit: 50,
      schedules: DEFAULT_SCHEDULES,
    });
    for (const [name, field] of Object.entries(healthCheckEnv)) expect([name, field.description]).toEqual([name, expect.any(String)]);
  });

  it('reads the values given', () => {
    const env = loadEnv('health', schema, {
      EMAIL_FAILURE_RATE_THRESHOLD: '0.1',
      EMAIL_STUCK_AFTER: '1h30m',
      CONSUMER_LAG_THRESHOLD: '50',
      OUTSIDE_CONSUMER_LAG_THRESHOLD: '20000',
      MAX_PAYMENT_RETRIES: '4',
      EXPIRY_INTERVAL: '3h',
    });
    expect(healthSettingsFromEnv(env, noFile)).toMatchObject({
      emailFailureRateThreshold: 0.1,
      emailStuckAfterMs: 90 * 60_000,
      consumerLagThreshold: 50,
      outsideConsumerLagThreshold: 20000,
      maxPaymentRetries: 4,
      expiryIntervalMs: 3 * 3_600_000,
    });
  });

  it('names each bad variable', () => {
    const bad = { EMAIL_FAILURE_RATE_THRESHOLD: '5', EMAIL_STUCK_AFTER: 'soon', CONSUMER_LAG_THRESHOLD: '-1', EXPIRY_INTERVAL: '0s' };
    let error: unknown;
    try {
      loadEnv('health', schema, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of Object.keys(bad)) expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain('must be a duration such as 30m, 2h or 1d12h');
  });

  it('reads SCHEDULES_FILE, and refuses a missing or bad one it was told to read', () => {
    const file = 'schedules:\n  trial-expiry: { enabled: false }\n';
    const settings = healthSettingsFromEnv(loadEnv('health', schema, { SCHEDULES_FILE: 's.yaml' }), () => file);
    expect(settings.schedules.find((s) => s.name === 'trial-expiry')?.enabled).toBe(false);
    expect(() => healthSettingsFromEnv(loadEnv('health', schema, { SCHEDULES_FILE: 'missing.yaml' }), noFile)).toThrow(ScheduleConfigError);
    expect(() => healthSettingsFromEnv(loadEnv('health', schema, { SCHEDULES_FILE: 's.yaml' }), () => 'schedules:\n  nope: {}\n')).toThrow(
      /schedule "nope": unknown schedule/,
    );
  });
});
