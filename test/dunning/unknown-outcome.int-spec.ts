import { BillingFactsRepository } from '@lifecycle/health';
import { paytrCallbackHash, type ChargeOutcome, type ChargeRequest, type ChargeStatus, type PaymentGateway } from '@lifecycle/payments';
import { DAY, DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';
const at = (ms: number) => plus(F, ms);
const MINUTE = 60_000;

/** A PayTR-like gateway: every charge is answered without an outcome; the status inquiry says what `answers` holds (else pending). */
function silentProvider(world: DunningWorld) {
  const charged: string[] = [];
  const asked: { oid: string; at: string }[] = [];
  const answers = new Map<string, ChargeOutcome>();
  const gateway: PaymentGateway = {
    name: 'paytr',
    charges: true,
    testMode: false,
    charge: async (request: ChargeRequest): Promise<ChargeOutcome> => {
      charged.push(request.merchantOid);
      return { status: 'pending', detail: 'no answer within PAYMENT_GATEWAY_TIMEOUT' };
    },
    status: async (oid: string): Promise<ChargeStatus> => {
      asked.push({ oid, at: world.clock.now().toISOString() });
      return answers.get(oid) ?? { status: 'pending', detail: 'PayTR: no completed payment' };
    },
  };
  return { gateway, charged, asked, answers };
}

describe('an outcome that stays unknown (issue 18, point 5)', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  const facts = () =>
    new BillingFactsRepository(world.billing.dataSource.manager).read({
      now: world.clock.now(),
      invoiceCutoff: world.clock.now(),
      expiryCutoff: world.clock.now(),
      maxPaymentRetries: 3,
      lateSettlementSince: plus(world.clock.now(), -DAY),
      limit: 10,
      cap: 100,
    });

  async function tick(dunning: ReturnType<DunningWorld['dunning']>, ms: number) {
    world.clock.set(at(ms + 1_000));
    return dunning.paymentRetry.execute(retryTick(at(ms)));
  }

  it('is asked about on the back-off, becomes unknown (never failed) at the timeout, blocks further charges, and settles late when PayTR answers', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const provider = silentProvider(world);
    const dunning = world.dunning({ gateway: provider.gateway, settings: { statusBackoffMs: [5 * MINUTE, 15 * MINUTE, HOUR] } });
    await tick(dunning, 0);
    expect(await tick(dunning, 6 * HOUR)).toMatchObject({ claimed: 1, pending: 1 });
    const oid = `LCR${head}A2`;
    expect(provider.charged).toEqual([oid]);

    // Between ticks (the poll every DUNNING_DETECT_INTERVAL): asked only when due, 5 min after the charge, then 15 min, then hourly.
    for (const minutes of [4, 6, 10, 22, 60, 83]) {
      world.clock.set(at(6 * HOUR + minutes * MINUTE));
      await dunning.paymentRetry.inquire();
    }
    expect(provider.asked.map((a) => a.at)).toEqual([at(6 * HOUR + 6 * MINUTE), at(6 * HOUR + 22 * MINUTE), at(6 * HOUR + 83 * MINUTE)].map((d) => d.toISOString()));

    // Ticks up to 24 h after the charge: still pending, nothing recorded.
    for (const h of [12, 18, 24]) expect(await tick(dunning, h * HOUR)).toMatchObject({ unknown: 0, failed: 0, pending: 1 });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active', next_retry_at: null });

    // The tick 24 h (PAYMENT_OUTCOME_TIMEOUT) after the tick that charged: unknown, never failed.
    expect(await tick(dunning, 30 * HOUR)).toMatchObject({ unknown: 1, failed: 0, suspended: 0 });
    const [attempt] = await world.attempts(head);
    expect(attempt).toMatchObject({ status: 'pending', failure_reason_code: null });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'unknown', next_retry_at: null, retry_count: 1 });
    expect((await world.subscription(c.subscription!.id)).status).toBe('past_due');
    expect((await world.events('payment.failed')).map((e) => (e.data as { attempt: number }).attempt)).toEqual([1]);
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'unknown' })).toBe(1);
    expect((await facts()).unknownOutcomes.rows).toEqual([expect.objectContaining({ paymentId: attempt.id, merchantOid: oid, subscriptionId: c.subscription!.id })]);

    // Blocked: no second charge at the ticks where retry 2 would have been due, and a new platform failure starts no chain.
    const second = await world.failedPayment(c, { at: at(40 * HOUR) });
    for (const h of [42, 60, 66, 96]) expect(await tick(dunning, h * HOUR)).toMatchObject({ claimed: 0 });
    expect(provider.charged).toEqual([oid]);
    expect(await world.payment(second)).toMatchObject({ dunning_state: 'ignored' });
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'unknown' })).toBe(1);

    // PayTR answers at last: a late settlement, all of it in the sweep's transaction.
    provider.answers.set(oid, { status: 'succeeded', transactionId: 'T-LATE' });
    expect(await tick(dunning, 102 * HOUR)).toMatchObject({ reconciled: 1, succeeded: 1, unknown: 0 });
    expect(await world.payment(attempt.id)).toMatchObject({ status: 'success', paytr_transaction_id: 'T-LATE' });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'resolved' });
    expect((await world.subscription(c.subscription!.id)).status).toBe('active');
    expect((await world.invoices()).map((i) => i.payment_id)).toEqual([attempt.id]);
    const [succeeded] = await world.events('payment.succeeded');
    expect(succeeded.data).toMatchObject({ paymentId: attempt.id, lateSettlement: true });
    expect((await world.audit(attempt.id)).map((a) => [a.action_type, (a.details as { was: string }).was])).toEqual([['payment_late_settlement', 'unknown']]);
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'late_settlement' })).toBe(1);
    const after = await facts();
    expect(after.unknownOutcomes.rows).toEqual([]);
    expect(after.lateSettlements.rows.map((l) => l.paymentId)).toEqual([attempt.id]);
    // the notice is for a day, then it resolves itself
    world.clock.set(at(102 * HOUR + DAY + 2_000));
    expect((await facts()).lateSettlements.rows).toEqual([]);
  });

  it('a success notification after the attempt was recorded as failed and the subscription suspended reconciles it in one go', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const sub = c.subscription!.id;
    const head = await world.failedPayment(c, { at: F });
    const secrets = { merchantKey: 'KEY', merchantSalt: 'SALT' };
    const dunning = world.dunning({ script: `company:${c.company.id}=fail*`, paytrCallback: secrets });
    for (const h of [0, 6, 30, 102]) await tick(dunning, h * HOUR);
    expect((await world.subscription(sub)).status).toBe('suspended');
    const last = (await world.attempts(head)).at(-1)!;
    expect(last).toMatchObject({ paytr_merchant_oid: `LCR${head}A4`, status: 'failed' });

    world.clock.set(at(110 * HOUR));
    const notification = { merchant_oid: last.paytr_merchant_oid, status: 'success', total_amount: '2900' };
    const body = { ...notification, hash: paytrCallbackHash(secrets, { merchantOid: notification.merchant_oid, status: 'success', totalAmount: '2900' }) };
    expect(await dunning.paytrCallback.receive(body)).toBe('late_settlement');

    expect(await world.payment(last.id)).toMatchObject({ status: 'success', failure_reason_code: null });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'resolved', next_retry_at: null });
    const subscription = await world.subscription(sub);
    expect(subscription.status).toBe('active');
    expect(subscription.current_period_end).toEqual(new Date('2027-01-05T14:00:00Z'));
    expect((await world.invoices()).map((i) => i.payment_id)).toEqual([last.id]);
    const types = (await world.events()).map((e) => e.type);
    expect(types.filter((t) => t === 'subscription.reactivated')).toHaveLength(1);
    const [succeeded] = await world.events('payment.succeeded');
    expect(succeeded.data).toMatchObject({ paymentId: last.id, lateSettlement: true });
    expect((await world.audit()).filter((a) => a.action_type === 'payment_late_settlement' || a.action_type === 'subscription_reactivated').map((a) => a.action_type).sort()).toEqual([
      'payment_late_settlement',
      'subscription_reactivated',
    ]);

    // PayTR repeats the notification: nothing more.
    const outbox = await world.outbox();
    expect(await dunning.paytrCallback.receive(body)).toBe('duplicate');
    expect(await world.outbox()).toEqual(outbox);
    expect(await world.invoices()).toHaveLength(1);
  });
});

describe('time only through ticks (issue 19, point 5)', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  it('a payment-retry tick replayed late detects by its own time, as the original tick would have', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const dunning = world.dunning();
    // The tick of F + 1 h replayed 8 days later (`lifecyclectl tick payment-retry --at`): DUNNING_LOOKBACK (7 d) is judged at F + 1 h.
    world.clock.set(at(8 * DAY));
    expect((await dunning.paymentRetry.execute(retryTick(at(HOUR)))).detection).toMatchObject({ entered: 1, ignored: 0 });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active', next_retry_at: at(6 * HOUR) });
  });

  it('the detection poll between ticks judges by the Clock: the same failure 8 days on is stale', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    world.clock.set(at(8 * DAY));
    expect(await world.dunning().detection.execute()).toMatchObject({ entered: 0, ignored: 1 });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'ignored' });
  });

  it('a replayed tick judges the outcome timeout by its own time, not by the Clock', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const provider = silentProvider(world);
    const dunning = world.dunning({ gateway: provider.gateway });
    world.clock.set(at(1_000));
    await dunning.paymentRetry.execute(retryTick(F));
    world.clock.set(at(6 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(6 * HOUR)))).toMatchObject({ pending: 1 });

    // The 12:00 tick, missed, replayed when the Clock is 40 h past the charge: 6 h after the charge by its time, so no timeout.
    world.clock.set(at(46 * HOUR));
    expect(await dunning.paymentRetry.execute(retryTick(at(12 * HOUR)))).toMatchObject({ unknown: 0, pending: 1 });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active' });
    // The tick of 30 h, as scheduled: 24 h after the charge's tick, the timeout.
    expect(await dunning.paymentRetry.execute(retryTick(at(30 * HOUR)))).toMatchObject({ unknown: 1 });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'unknown' });
  });
});
