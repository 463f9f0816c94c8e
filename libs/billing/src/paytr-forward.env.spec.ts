import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { paytrForwardEnv, paytrForwardSettingsFromEnv } from './paytr-forward.env';

const schema = z.object(paytrForwardEnv);

describe('PayTR forwarding environment', () => {
  it('is off unless PAYTR_FORWARD_URL is set; the timeout defaults to 10 s', () => {
    expect(paytrForwardSettingsFromEnv(loadEnv('billing', schema, {}))).toBeNull();
    expect(paytrForwardSettingsFromEnv(loadEnv('billing', schema, { PAYTR_FORWARD_URL: 'https://app.example.com/billing/callback' }))).toEqual({
      url: 'https://app.example.com/billing/callback',
      timeoutMs: 10_000,
    });
    expect(paytrForwardSettingsFromEnv(loadEnv('billing', schema, { PAYTR_FORWARD_URL: 'http://10.0.0.5:5000/billing/callback', PAYTR_FORWARD_TIMEOUT: '3s' }))?.timeoutMs).toBe(3_000);
  });

  it.each([
    ['PAYTR_FORWARD_URL', { PAYTR_FORWARD_URL: 'app.example.com/billing/callback' }],
    ['PAYTR_FORWARD_URL', { PAYTR_FORWARD_URL: 'ftp://app.example.com/callback' }],
    ['PAYTR_FORWARD_TIMEOUT', { PAYTR_FORWARD_TIMEOUT: 'ten seconds' }],
  ])('names %s', (variable, env) => {
    expect(() => loadEnv('billing', schema, env)).toThrow(ConfigError);
    expect(() => loadEnv('billing', schema, env)).toThrow(variable);
  });
});
