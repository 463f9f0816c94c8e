import { BillingFactsRepository } from '@lifecycle/health';
import { paytrCallbackHash } from '@lifecycle/payments';
import { startFakePaytr, type FakePaytr } from '@lifecycle/testing';
import { TestJetStream } from '../billing/billing-processes';
import type { BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, stop, paytrBillingEnv } from './dunning-processes';
import { DunningWorld } from './dunning-world';
import { startFakePlatformCallback, type FakePlatformCallback } from './fake-platform-callback';

jest.setTimeout(120_000);

// Issue 18, point 3: billing's POST /webhooks/paytr as the store's one notification URL.
describe('PayTR notifications that are not billing’s, forwarded to the platform by a billing process', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let paytr: FakePaytr;
  let platform: FakePlatformCallback;
  let billing: BillingProcess;
  let webhook: string;

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    paytr = await startFakePaytr();
    platform = await startFakePlatformCallback('ok');
    billing = await startBillingProcess(world.billing.db.url, js, paytrBillingEnv(paytr, {
      PAYTR_FORWARD_URL: platform.url,
      PAYTR_FORWARD_TIMEOUT: '1s',
    }));
    webhook = `http://127.0.0.1:${billing.port}/webhooks/paytr`;
  });

  afterAll(async () => {
    await stop(billing);
    await platform.close();
    await paytr.close();
    await js.close();
    await world.dispose();
  });

  const failing = async () =>
    (
      await new BillingFactsRepository(world.billing.dataSource.manager).read({
        now: new Date(),
        invoiceCutoff: new Date(),
        expiryCutoff: new Date(),
        maxPaymentRetries: 3,
        lateSettlementSince: new Date(),
        limit: 10,
        cap: 100,
      })
    ).failingForwards.rows.map((f) => [f.merchantOid, f.attempts]);

  const metric = async (result: string) => {
    const text = await (await fetch(`http://127.0.0.1:${billing.port}/metrics`)).text();
    const m = new RegExp(`lifecycle_paytr_forwards_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)\n`).exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('answers PayTR OK only after the platform did: OK, 404, no answer, down; the failures are visible until a repeat gets through', async () => {
    // The platform answers OK: PayTR hears OK, the platform got the notification byte for byte.
    expect(await paytr.notify(webhook, 'YAC1001')).toEqual({ status: 200, body: 'OK' });
    expect(platform.received).toHaveLength(1);
    expect(new URLSearchParams(platform.received[0]).get('merchant_oid')).toBe('YAC1001');
    const hash = paytrCallbackHash(paytr, { merchantOid: 'YAC1002', status: 'failed', totalAmount: '0' });
    const raw = `merchant_oid=YAC1002&status=failed&total_amount=0&hash=${encodeURIComponent(hash)}&failed_reason_code=0&failed_reason_msg=Kart+limiti+yetersiz%2C+%C3%B6deme+reddedildi&test_mode=1&payment_type=card&currency=TL&payment_amount=14900`;
    const posted = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: raw });
    expect([posted.status, await posted.text()]).toEqual([200, 'OK']);
    expect(platform.received[1]).toBe(raw);

    // A bad hash is refused by billing itself and never reaches the platform.
    expect((await paytr.notify(webhook, 'YAC1003', { hash: 'bad' })).status).toBe(400);
    expect(platform.received).toHaveLength(2);

    // The platform answers 404 (an order it does not know): PayTR is not told OK, so it repeats.
    platform.mode = 'not_found';
    const refused = await paytr.notify(webhook, 'YAC2001');
    expect(refused.status).toBe(502);
    expect(refused.body).not.toBe('OK');
    expect((await paytr.notify(webhook, 'YAC2001')).status).toBe(502);
    await eventually(
      async () => billing.output().split('\n').filter((l) => l.includes('YAC2001')).join('\n'),
      (out) => out.includes(`PayTR notification for YAC2001 is not a billing retry and could not be passed on to the platform: ${platform.url} answered 404 \\"Payment not found\\"; PayTR was not answered OK and will repeat it`),
    );
    expect(await failing()).toEqual([['YAC2001', 2]]);

    // The platform does not answer at all: PAYTR_FORWARD_TIMEOUT, then not OK.
    platform.mode = 'hang';
    const started = Date.now();
    const silent = await paytr.notify(webhook, 'YAC3001');
    expect(silent.status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await eventually(
      async () => billing.output().split('\n').filter((l) => l.includes('YAC3001')).join('\n'),
      (out) => out.includes(`PayTR notification for YAC3001 is not a billing retry and could not be passed on to the platform: ${platform.url} did not answer`),
    );
    expect(await failing()).toEqual([
      ['YAC2001', 2],
      ['YAC3001', 1],
    ]);

    // The platform is fixed; PayTR's repeats get through, and the health issues clear.
    platform.mode = 'ok';
    expect(await paytr.notify(webhook, 'YAC2001')).toEqual({ status: 200, body: 'OK' });
    expect(await paytr.notify(webhook, 'YAC3001')).toEqual({ status: 200, body: 'OK' });
    expect(await failing()).toEqual([]);

    // The platform is down (connection refused).
    await platform.close();
    expect((await paytr.notify(webhook, 'YAC4001')).status).toBe(502);
    expect(await failing()).toEqual([['YAC4001', 1]]);

    expect(await metric('ok')).toBe(4);
    expect(await metric('refused')).toBe(2);
    expect(await metric('unreachable')).toBe(2);
    expect(billing.output()).not.toContain(paytr.merchantKey);
  });
});
