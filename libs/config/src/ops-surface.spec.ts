import { z } from 'zod';
import { ConfigError } from './config.error';
import { assertOpsSurfaceProtected, httpEnv, isLoopbackHost } from './env-fragments';
import { loadEnv } from './load-env';

describe('operator surfaces', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.5', 'billing.internal', '128.0.0.1'])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false));

  it('refuses a non-loopback HTTP_HOST without OPS_TOKEN, naming both variables', () => {
    expect(() => assertOpsSurfaceProtected('billing', { HTTP_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => assertOpsSurfaceProtected('billing', { HTTP_HOST: '0.0.0.0' })).toThrow(/OPS_TOKEN: is required when HTTP_HOST \(0\.0\.0\.0\)/);
    expect(() => assertOpsSurfaceProtected('billing', { HTTP_HOST: '0.0.0.0', OPS_TOKEN: 'x'.repeat(16) })).not.toThrow();
    expect(() => assertOpsSurfaceProtected('billing', { HTTP_HOST: '127.0.0.1' })).not.toThrow();
  });

  const schema = z.object(httpEnv(8080));
  it.each(['loopback', 'loopback, 10.0.0.0/8', '192.168.1.10', 'fd00::/8,uniquelocal'])('TRUST_PROXY accepts %s', (value) => {
    expect(loadEnv('health', schema, { TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
  });
  it.each(['true', '*', '10.0.0.0/33', 'proxy.internal', 'loopback/8'])('TRUST_PROXY refuses %s', (value) => {
    expect(() => loadEnv('health', schema, { TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be comma-separated addresses/);
  });
});
