import { paymentSucceededId } from '@lifecycle/contracts';
import { startFakePaytr, type FakePaytr } from '@lifecycle/testing';
import { TestJetStream } from '../billing/billing-processes';
import type { BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, stop, tick, paytrBillingEnv } from './dunning-processes';
import { DunningWorld, HOUR, plus } from './dunning-world';

jest.setTimeout(120_000);

// Failures an hour ago by the wall clock: the process's Clock is the system clock (DUNNING_LOOKBACK is measured with it).
const F = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);

describe('POST /webhooks/paytr on a billing process', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let paytr: FakePaytr;
  let billing: BillingProcess;
  let webhook: string;

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    paytr = await startFakePaytr();
    billing = await startBillingProcess(world.billing.db.url, js, paytrBillingEnv(paytr, {
      PAYTR_TEST_MODE: 'false',
    }));
    webhook = `http://127.0.0.1:${billing.port}/webhooks/paytr`;
  });

  afterAll(async () => {
    await stop(billing);
    await paytr.close();
    await js.close();
    await world.dispose();
  });

  it('completes an attempt whose outcome arrives by notification, once; a bad hash changes nothing', async () => {
    const paid = await world.customer({ periodEndsAt: F, utoken: 'UTOKEN-PAID' });
    const declined = await world.customer({ periodEndsAt: F, utoken: 'UTOKEN-DECLINED' });
    paytr.addCards('UTOKEN-PAID', { ctoken: 'C-PAID' });
    paytr.addCards('UTOKEN-DECLINED', { ctoken: 'C-DECLINED' });
    const paidHead = await world.failedPayment(paid, { at: F });
    const declinedHead = await world.failedPayment(declined, { at: F });
    paytr.script(`LCR${paidHead}A2`, { result: 'async', outcome: 'success' });
    paytr.script(`LCR${declinedHead}A2`, { result: 'async', outcome: 'failed', code: '51', message: 'Yetersiz bakiye' });

    await js.publisher.publish(tick('payment-retry', plus(F, 6 * HOUR)) as never);
    await paytr.waitFor(() => paytr.charges.length === 2, 30_000, 'two charges');
    const [paidAttempt] = await eventually(() => world.attempts(paidHead), (rows) => rows.length === 1);
    const [declinedAttempt] = await eventually(() => world.attempts(declinedHead), (rows) => rows.length === 1);
    expect([paidAttempt.status, declinedAttempt.status]).toEqual(['pending', 'pending']);
    expect(paidAttempt.test_mode).toBe(false);
    const before = { outbox: await world.outbox(), audit: await world.audit() };

    const bad = await paytr.notify(webhook, paidAttempt.paytr_merchant_oid, { hash: 'bad' });
    expect(bad.status).toBe(400);
    expect(await world.payment(paidAttempt.id)).toMatchObject({ status: 'pending' });
    expect({ outbox: await world.outbox(), audit: await world.audit() }).toEqual(before);
    await eventually(async () => billing.output(), (out) => out.includes(`PayTR notification for ${paidAttempt.paytr_merchant_oid} rejected: bad hash`));
    expect(billing.output()).not.toContain(paytr.merchantKey);

    const missing = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'merchant_oid=X1' });
    expect(missing.status).toBe(400);

    const good = await paytr.notify(webhook, paidAttempt.paytr_merchant_oid);
    expect(good).toEqual({ status: 200, body: 'OK' });
    expect(await world.payment(paidAttempt.id)).toMatchObject({ status: 'success' });
    expect((await world.invoices()).map((i) => i.payment_id)).toEqual([paidAttempt.id]);
    expect((await world.subscription(paid.subscription!.id)).status).toBe('active');
    expect((await world.events('payment.succeeded')).map((e) => e.id)).toEqual([paymentSucceededId(paidAttempt.id)]);

    const outbox = await world.outbox();
    expect(await paytr.notify(webhook, paidAttempt.paytr_merchant_oid)).toEqual({ status: 200, body: 'OK' });
    expect(await world.outbox()).toEqual(outbox);
    expect(await world.invoices()).toHaveLength(1);

    expect(await paytr.notify(webhook, declinedAttempt.paytr_merchant_oid)).toEqual({ status: 200, body: 'OK' });
    expect(await world.payment(declinedAttempt.id)).toMatchObject({ status: 'failed', failure_reason_code: '51', failure_reason_message: 'Yetersiz bakiye' });
    const head = await world.payment(declinedHead);
    expect(head).toMatchObject({ dunning_state: 'active', retry_count: 1 });
    expect(head.next_retry_at!.getTime()).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect((await world.events('payment.failed')).map((e) => (e.data as { attempt: number }).attempt).sort()).toEqual([1, 1, 2]);

    // Orders that are not billing's retries (the platform's own, or unknown) go to PAYTR_FORWARD_URL; unset, PayTR is
    // not told OK (it repeats them) and the operator is (paytr-forwarding.e2e-spec.ts forwards them).
    expect((await paytr.notify(webhook, 'PLATFORM123')).status).toBe(503);
    expect((await paytr.notify(webhook, 'LCR999999A2')).status).toBe(503);
    await eventually(async () => billing.output(), (out) => out.includes('PAYTR_FORWARD_URL is not set'));
    expect(paytr.duplicates).toEqual([]);

    const metrics = await (await fetch(`http://127.0.0.1:${billing.port}/metrics`)).text();
    for (const [result, n] of [['applied', 2], ['duplicate', 1], ['bad_hash', 1], ['forward_failed', 2]]) {
      expect(metrics).toMatch(new RegExp(`lifecycle_paytr_callbacks_total\\{[^}]*result="${result}"[^}]*\\} ${n}\n`));
    }
  });
});
