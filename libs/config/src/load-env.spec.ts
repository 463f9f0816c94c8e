import { z } from 'zod';
import { ConfigError } from './config.error';
import { serviceEnv } from './env-fragments';
import { loadEnv } from './load-env';

const schema = z.object({ ...serviceEnv(8082), PAYMENT_GATEWAY: z.enum(['none', 'fake', 'paytr']).default('none') });

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv('billing', schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('loadEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = loadEnv('billing', schema, {});
    expect(env).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lifecycle',
      HTTP_PORT: 8082,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LIFECYCLE_NAMESPACE: '',
      STREAM_REPLICAS: 1,
      CLOCK_MODE: 'system',
      PAYMENT_GATEWAY: 'none',
    });
  });

  it.each([
    ['DATABASE_URL', 'not-a-url'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['NATS_URL', 'http://localhost:4222'],
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'eighty'],
    ['LOG_LEVEL', 'loud'],
    ['LIFECYCLE_NAMESPACE', 'has.dot'],
    ['STREAM_REPLICAS', '0'],
    ['STREAM_REPLICAS', '6'],
    ['STREAM_REPLICAS', '2.5'],
    ['STREAM_REPLICAS', 'three'],
    ['CLOCK_MODE', 'fast'],
    ['CLOCK_START', 'tomorrow'],
    ['PAYMENT_GATEWAY', 'stripe'],
  ])('names %s when it is %p', (variable, value) => {
    expect(problems({ [variable]: value })).toEqual([variable]);
  });

  it('names every bad variable at once and never echoes a value', () => {
    try {
      loadEnv('billing', schema, { DATABASE_URL: 'postgres-secret-ish', HTTP_PORT: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('billing: invalid configuration');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('HTTP_PORT');
      expect(message).not.toContain('postgres-secret-ish');
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv('billing', schema, { HTTP_PORT: '' }).HTTP_PORT).toBe(8082);
  });

  it('accepts several NATS servers', () => {
    expect(loadEnv('billing', schema, { NATS_URL: 'nats://a:4222, nats://b:4222' }).NATS_URL).toContain('nats://b:4222');
  });
});
