import { paymentSucceededId } from '@lifecycle/contracts';
import { startFakePaytr, type FakePaytr } from '@lifecycle/testing';
import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, startWorkspaceGuard, stop, tick, type GuardProcess, paytrBillingEnv } from './dunning-processes';
import { DunningWorld, HOUR, plus } from './dunning-world';

jest.setTimeout(180_000);

// The ticks are the business time (issue 19, point 5); the processes run on the system clock.
const F = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);

type Row = { status: string; is_running: boolean };

// Issue 18, points 4, 5 and 7: billing and workspace-guard as processes, PayTR as the fake over HTTP.
describe('late settlements and unknown outcomes, end to end', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let paytr: FakePaytr;
  let billing: BillingProcess;
  let guard: GuardProcess;
  let webhook: string;

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    paytr = await startFakePaytr();
    billing = await startBillingProcess(world.billing.db.url, js, paytrBillingEnv(paytr, {
      PAYMENT_GATEWAY_TIMEOUT: '2s',
    }));
    guard = await startWorkspaceGuard(world.billing.db.url, js);
    webhook = `http://127.0.0.1:${billing.port}/webhooks/paytr`;
  });

  afterAll(async () => {
    await stop(billing);
    await stop(guard);
    await paytr.close();
    await js.close();
    await world.dispose();
  });

  /** Publishes a payment-retry tick at F + hours and waits until billing has run it. */
  async function retryTick(hours: number): Promise<void> {
    const at = plus(F, hours * HOUR);
    await js.publisher.publish(tick('payment-retry', at) as never);
    const slot = `payment-retry@${at.toISOString().replace('.000Z', 'Z')}`;
    await eventually(async () => billing.output(), (out) => out.includes(`payment-retry ${slot}`), 60_000);
  }

  const metric = async (outcome: string) => {
    const text = await (await fetch(`http://127.0.0.1:${billing.port}/metrics`)).text();
    const m = new RegExp(`lifecycle_dunning_retries_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)\n`).exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('an unknown attempt blocks a second charge; its success notification after the 24 h timeout settles it late', async () => {
    const c = await world.customer({ periodEndsAt: F, utoken: 'U-UNKNOWN' });
    paytr.addCards('U-UNKNOWN', { ctoken: 'C-UNKNOWN' });
    const head = await world.failedPayment(c, { at: F });
    const oid = `LCR${head}A2`;
    paytr.script(oid, { result: 'unsettled', outcome: 'success' });

    await retryTick(6);
    expect(paytr.charges.map((ch) => ch.merchantOid)).toEqual([oid]);
    for (const h of [12, 18, 24]) await retryTick(h);
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active' });
    const inquiries = () => paytr.requests.filter((r) => r.path === '/odeme/durum-sorgu' && r.fields.merchant_oid === oid).length;
    expect(inquiries()).toBe(3);

    // 24 h after the charging tick: unknown, never failed; the operator is told; no second charge follows.
    await retryTick(30);
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'unknown', next_retry_at: null });
    const [attempt] = await world.attempts(head);
    expect(attempt.status).toBe('pending');
    await eventually(async () => billing.output(), (out) => out.includes(`charge ${oid} (retry 1 of payment ${head}) has had no outcome for 24 h`));
    for (const h of [54, 78, 102]) await retryTick(h);
    expect(paytr.charges.map((ch) => ch.merchantOid)).toEqual([oid]);
    expect(paytr.duplicates).toEqual([]);
    expect((await world.subscription(c.subscription!.id)).status).toBe('past_due');
    expect(await metric('unknown')).toBe(1);

    // PayTR's notification arrives at last.
    expect(await paytr.notify(webhook, oid)).toEqual({ status: 200, body: 'OK' });
    expect(await world.payment(attempt.id)).toMatchObject({ status: 'success' });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'resolved' });
    expect((await world.subscription(c.subscription!.id)).status).toBe('active');
    const succeeded = await eventually(() => js.messages('LIFECYCLE'), (m) => m.some((e) => e.type === 'payment.succeeded'));
    expect(succeeded.find((e) => e.type === 'payment.succeeded')).toMatchObject({ id: paymentSucceededId(attempt.id), data: { paymentId: attempt.id, lateSettlement: true } });
    expect(await metric('late_settlement')).toBe(1);
  });

  it('a success notification after suspension reactivates the subscription and restarts its workspaces', async () => {
    // In the past by the system clock, as it is when a notification really comes after a suspension: workspace-guard
    // orders a subscription's events by occurredAt, and the notification's is the Clock's.
    const F2 = plus(F, -168 * HOUR);
    const c = await world.customer({ periodEndsAt: F2, utoken: 'U-LATE', workspaces: 2 });
    paytr.addCards('U-LATE', { ctoken: 'C-LATE' });
    const head = await world.failedPayment(c, { at: F2 });
    for (const n of [2, 3, 4]) paytr.script(`LCR${head}A${n}`, { result: 'failed', code: '0', message: 'Yetersiz bakiye' });
    const ids = c.workspaces.map((w) => w.id);
    const workspaces = async (): Promise<Row[]> => (await world.pool.query(`SELECT status, is_running FROM workspaces WHERE id = ANY($1) ORDER BY id`, [ids])).rows;

    for (const h of [6, 30, 102]) await retryTick(h - 168);
    expect((await world.subscription(c.subscription!.id)).status).toBe('suspended');
    await eventually(workspaces, (rows) => rows.every((w) => !w.is_running && w.status === 'suspended'), 60_000);
    const last = (await world.attempts(head)).at(-1)!;
    expect(last).toMatchObject({ paytr_merchant_oid: `LCR${head}A4`, status: 'failed' });

    expect(await paytr.notify(webhook, last.paytr_merchant_oid, { status: 'success' })).toEqual({ status: 200, body: 'OK' });
    expect(await world.payment(last.id)).toMatchObject({ status: 'success' });
    expect((await world.subscription(c.subscription!.id)).status).toBe('active');
    expect((await world.invoices()).filter((i) => i.payment_id === last.id)).toHaveLength(1);
    await eventually(workspaces, (rows) => rows.every((w) => w.is_running && w.status === 'active'), 60_000);
    const lifecycle = await eventually(() => js.messages('LIFECYCLE'), (m) => m.some((e) => e.type === 'subscription.reactivated' && (e.data as { subscriptionId: number }).subscriptionId === c.subscription!.id));
    expect(lifecycle.filter((e) => e.type === 'subscription.reactivated' && (e.data as { subscriptionId: number }).subscriptionId === c.subscription!.id)).toHaveLength(1);
    expect((await world.audit(last.id)).map((a) => a.action_type)).toEqual(['payment_late_settlement']);

    // PayTR repeats it: nothing more.
    expect(await paytr.notify(webhook, last.paytr_merchant_oid, { status: 'success' })).toEqual({ status: 200, body: 'OK' });
    expect((await world.invoices()).filter((i) => i.payment_id === last.id)).toHaveLength(1);
  });
});
