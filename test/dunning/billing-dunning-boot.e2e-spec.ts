import { paymentFailedId } from '@lifecycle/contracts';
import { spawnApp } from '../app-processes';
import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, stop } from './dunning-processes';
import { DunningWorld, HOUR } from './dunning-world';

jest.setTimeout(120_000);

describe('the billing process and dunning configuration', () => {
  it.each([
    [{ PAYMENT_GATEWAY: 'paytr' }, ['PAYTR_MERCHANT_ID', 'PAYTR_MERCHANT_KEY', 'PAYTR_MERCHANT_SALT', 'PAYTR_USER_IP', 'is required when PAYMENT_GATEWAY=paytr', 'PAYTR_TEST_MODE', 'must be set explicitly']],
    [{ PAYMENT_GATEWAY: 'paytr', PAYTR_MERCHANT_ID: '1', PAYTR_MERCHANT_KEY: 'secret-key-value', PAYTR_MERCHANT_SALT: 'secret-salt-value', PAYTR_TEST_MODE: 'false' }, ['PAYTR_USER_IP']],
    [
      { PAYMENT_GATEWAY: 'paytr', PAYTR_MERCHANT_ID: '1', PAYTR_MERCHANT_KEY: 'secret-key-value', PAYTR_MERCHANT_SALT: 'secret-salt-value', PAYTR_USER_IP: '203.0.113.9' },
      ['PAYTR_TEST_MODE', 'must be set explicitly when PAYMENT_GATEWAY=paytr'],
    ],
    [{ PAYMENT_RETRY_BACKOFF: '6h,1d,3d', PAYMENT_MAX_RETRIES: '2' }, ['PAYMENT_MAX_RETRIES', '3 delays for 2 retries']],
    [{ PAYMENT_GATEWAY: 'fake', FAKE_GATEWAY_FILE: '/nonexistent/fake-gateway.yaml' }, ['/nonexistent/fake-gateway.yaml: file not found']],
  ])('refuses to start with %p, naming the problem', async (env, expected) => {
    const run = spawnApp('billing', env);
    expect(await run.exited).toBe(1);
    for (const text of expected) expect(run.output()).toContain(text);
    expect(run.output()).not.toMatch(/secret-(key|salt)-value/);
  });

  describe('between ticks', () => {
    let world: DunningWorld;
    let js: TestJetStream;
    let billing: BillingProcess;

    beforeAll(async () => {
      world = await DunningWorld.create();
      js = await TestJetStream.create();
      billing = await startBillingProcess(world.billing.db.url, js, {
        DUNNING_DETECT_INTERVAL: '250ms',
        PAYMENT_GATEWAY: 'fake',
        FAKE_GATEWAY_LEDGER: 'test-output/fake-gateway/boot.jsonl',
      });
    });

    afterAll(async () => {
      await stop(billing);
      await js.close();
      await world.dispose();
    });

    it('tells the customer of a failed payment within the detection interval, without waiting for a payment-retry tick', async () => {
      const failedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
      const c = await world.customer({ periodEndsAt: failedAt });
      const head = await world.failedPayment(c, { at: failedAt });
      const stream = await eventually(() => js.messages('LIFECYCLE'), (m) => m.some((e) => e.id === paymentFailedId(head)), 30_000);
      const event = stream.find((e) => e.id === paymentFailedId(head))!;
      expect(event).toMatchObject({ occurredAt: failedAt.toISOString(), data: { attempt: 1, maxAttempts: 4, nextRetryAt: new Date(failedAt.getTime() + 6 * HOUR).toISOString().replace('.000Z', 'Z') } });
      expect(stream.map((e) => e.type)).toContain('subscription.past_due');
      expect(await world.payment(head)).toMatchObject({ dunning_state: 'active', next_retry_at: new Date(failedAt.getTime() + 6 * HOUR) });
    });
  });
});
