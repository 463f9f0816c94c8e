import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { checkPaymentGatewayEnv, paymentGatewayEnv, paymentGatewaySettingsFromEnv } from './payment-gateway.env';
import { createPaymentGateway } from './create-payment-gateway';

const schema = z.object(paymentGatewayEnv).superRefine(checkPaymentGatewayEnv);
const paytr = { PAYMENT_GATEWAY: 'paytr', PAYTR_MERCHANT_ID: '123456', PAYTR_MERCHANT_KEY: 'key', PAYTR_MERCHANT_SALT: 'salt', PAYTR_USER_IP: '203.0.113.9' };

describe('payment gateway environment', () => {
  it('defaults to none, which charges nothing', () => {
    const settings = paymentGatewaySettingsFromEnv(loadEnv('billing', schema, {}));
    expect(settings).toEqual({ gateway: { name: 'none' }, paytrCallback: null });
    expect(createPaymentGateway(settings.gateway)).toMatchObject({ name: 'none', charges: false });
  });

  it('builds paytr from its variables, and verifies notifications with its secrets', () => {
    const settings = paymentGatewaySettingsFromEnv(loadEnv('billing', schema, { ...paytr, PAYTR_TEST_MODE: 'true', PAYMENT_GATEWAY_TIMEOUT: '10s' }));
    expect(settings.gateway).toEqual({
      name: 'paytr',
      paytr: {
        merchantId: '123456',
        merchantKey: 'key',
        merchantSalt: 'salt',
        apiUrl: 'https://www.paytr.com',
        testMode: true,
        syncMode: false,
        userIp: '203.0.113.9',
        returnUrl: 'http://localhost/',
        timeoutMs: 10_000,
      },
    });
    expect(settings.paytrCallback).toEqual({ merchantKey: 'key', merchantSalt: 'salt' });
    expect(createPaymentGateway(settings.gateway)).toMatchObject({ name: 'paytr', charges: true, testMode: true });
  });

  it('names every missing PayTR credential when PAYMENT_GATEWAY=paytr', () => {
    const attempt = () => loadEnv('billing', schema, { PAYMENT_GATEWAY: 'paytr' });
    expect(attempt).toThrow(ConfigError);
    for (const name of ['PAYTR_MERCHANT_ID', 'PAYTR_MERCHANT_KEY', 'PAYTR_MERCHANT_SALT', 'PAYTR_USER_IP']) expect(attempt).toThrow(name);
  });

  it('has no default for PAYTR_TEST_MODE with paytr: money is never charged (or not) by a silent default', () => {
    expect(() => loadEnv('billing', schema, paytr)).toThrow(/PAYTR_TEST_MODE.*must be set explicitly when PAYMENT_GATEWAY=paytr/s);
    const live = paymentGatewaySettingsFromEnv(loadEnv('billing', schema, { ...paytr, PAYTR_TEST_MODE: 'false', PAYTR_SYNC_MODE: 'true' }));
    expect(live.gateway).toMatchObject({ paytr: { testMode: false, syncMode: true } });
    expect(() => loadEnv('billing', schema, { PAYMENT_GATEWAY: 'fake' })).not.toThrow();
  });

  it('reads the fake script from the variable or a file, and names a missing file', () => {
    const fromText = paymentGatewaySettingsFromEnv(loadEnv('billing', schema, { PAYMENT_GATEWAY: 'fake', FAKE_GATEWAY_SCRIPT: 'company:1=fail*', FAKE_GATEWAY_DELAY: '2s' }));
    expect(fromText.gateway).toMatchObject({ name: 'fake', delayMs: 2000, ledgerPath: 'var/fake-gateway/charges.jsonl' });
    const fileEnv = loadEnv('billing', schema, { PAYMENT_GATEWAY: 'fake', FAKE_GATEWAY_FILE: '/etc/fake.yaml' });
    const fromFile = paymentGatewaySettingsFromEnv(fileEnv, () => 'companies:\n  1: [fail]\n');
    expect(fromFile.gateway.name === 'fake' && fromFile.gateway.script.stepFor(1, 1, 1).kind).toBe('fail');
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(() => paymentGatewaySettingsFromEnv(fileEnv, missing)).toThrow('/etc/fake.yaml: file not found');
  });

  it.each([
    ['FAKE_GATEWAY_SCRIPT', { FAKE_GATEWAY_SCRIPT: 'company:1=explode' }],
    ['FAKE_GATEWAY_FILE', { FAKE_GATEWAY_SCRIPT: 'default=fail', FAKE_GATEWAY_FILE: '/etc/fake.yaml' }],
    ['FAKE_GATEWAY_DELAY', { FAKE_GATEWAY_DELAY: 'slow' }],
    ['PAYTR_MERCHANT_ID', { ...paytr, PAYTR_MERCHANT_ID: 'abc' }],
    ['PAYTR_USER_IP', { ...paytr, PAYTR_USER_IP: 'localhost' }],
    ['PAYTR_MERCHANT_SALT', { PAYTR_MERCHANT_KEY: 'key' }],
    ['PAYMENT_GATEWAY', { PAYMENT_GATEWAY: 'stripe' }],
  ])('names %s', (variable, env) => {
    expect(() => loadEnv('billing', schema, env)).toThrow(ConfigError);
    expect(() => loadEnv('billing', schema, env)).toThrow(variable);
  });
});
