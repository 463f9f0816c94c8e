import { DunningSchedule } from '@lifecycle/billing';
import { paymentFailedId, paymentSucceededId, subscriptionStatusId } from '@lifecycle/contracts';
import { DAY, DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';
const at = (ms: number) => plus(F, ms);

/** Runs the payment-retry sweep at `tick` with the Clock 5 s later, as a real process would record. */
async function sweep(world: DunningWorld, dunning: ReturnType<DunningWorld['dunning']>, tick: Date) {
  world.clock.set(plus(tick, 5_000));
  return dunning.paymentRetry.execute(retryTick(tick));
}

describe('dunning with the fake gateway', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  it('fail → 3 failed retries at +6 h, +24 h and +72 h → suspended, the customer told at every step', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const sub = c.subscription!.id;
    const head = await world.failedPayment(c, { at: F, code: '0', message: 'Yetersiz bakiye' });
    const dunning = world.dunning({ script: `company:${c.company.id}=fail*` });

    await sweep(world, dunning, new Date(F));
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active', retry_count: 0, next_retry_at: at(6 * HOUR) });
    expect((await world.subscription(sub)).status).toBe('past_due');

    // Every 6-hour slot for five days, plus a sweep a millisecond before each retry is due.
    const slots: Date[] = [];
    for (let t = 6 * HOUR; t <= 5 * DAY; t += 6 * HOUR) slots.push(at(t));
    const attemptsAt = new Map<string, number>();
    for (const slot of slots) {
      for (const tick of [plus(slot, -1), slot]) {
        const before = world.charges().length;
        await sweep(world, dunning, tick);
        if (world.charges().length > before) attemptsAt.set(tick.toISOString(), world.charges().length - before);
      }
    }
    expect([...attemptsAt]).toEqual([
      ['2026-12-01T06:00:00.000Z', 1],
      ['2026-12-02T06:00:00.000Z', 1],
      ['2026-12-05T06:00:00.000Z', 1],
    ]);

    const attempts = await world.attempts(head);
    expect(attempts.map((a) => [a.paytr_merchant_oid, a.status, a.payment_type, a.retry_count, a.created_at])).toEqual([
      [`LCR${head}A2`, 'failed', 'recurring', 1, at(6 * HOUR + 5_000)],
      [`LCR${head}A3`, 'failed', 'recurring', 2, at(30 * HOUR + 5_000)],
      [`LCR${head}A4`, 'failed', 'recurring', 3, at(102 * HOUR + 5_000)],
    ]);
    expect(attempts.every((a) => a.amount === 2900 && a.currency === 'USD' && a.failure_reason_code === '0' && a.test_mode)).toBe(true);
    expect(world.charges()).toEqual(attempts.map((a) => a.paytr_merchant_oid));
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'exhausted', retry_count: 3, next_retry_at: null });
    expect((await world.subscription(sub)).status).toBe('suspended');

    const failed = await world.events('payment.failed');
    expect(failed.map((e) => [e.id, (e.data as { attempt: number }).attempt, (e.data as { nextRetryAt: string | null }).nextRetryAt, e.occurredAt])).toEqual([
      [paymentFailedId(head), 1, '2026-12-01T06:00:00Z', '2026-12-01T00:00:00.000Z'],
      [paymentFailedId(attempts[0].id), 2, '2026-12-02T06:00:00Z', '2026-12-01T06:00:00.000Z'],
      [paymentFailedId(attempts[1].id), 3, '2026-12-05T06:00:00Z', '2026-12-02T06:00:00.000Z'],
      [paymentFailedId(attempts[2].id), 4, null, '2026-12-05T06:00:00.000Z'],
    ]);
    expect(failed[0].data).toEqual({
      subscriptionId: sub,
      companyId: c.company.id,
      companyName: c.company.name,
      plan: 'team',
      admin: { userId: c.admin!.id, email: c.admin!.email, fullName: c.admin!.fullName, locale: 'en' },
      paymentId: head,
      attempt: 1,
      maxAttempts: 4,
      nextRetryAt: '2026-12-01T06:00:00Z',
      reason: 'Yetersiz bakiye',
      amount: 2900,
      currency: 'USD',
    });
    const suspended = await world.events('subscription.suspended');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({
      id: subscriptionStatusId('subscription.suspended', sub, { paymentId: attempts[2].id }),
      occurredAt: '2026-12-05T06:00:00.000Z',
      correlationId: 'payment-retry@2026-12-05T06:00:00Z',
      data: { reason: 'payment_retries_exhausted', paymentId: attempts[2].id },
    });
    expect((await world.events('subscription.past_due')).map((e) => e.id)).toEqual([subscriptionStatusId('subscription.past_due', sub, { paymentId: head })]);
    expect((await world.audit(sub)).map((a) => [a.action_type, a.details.from, a.details.to])).toEqual([
      ['subscription_past_due', 'active', 'past_due'],
      ['subscription_suspended', 'past_due', 'suspended'],
    ]);
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'failed' })).toBe(3);
    expect(await world.metric('lifecycle_dunning_suspensions_total', { reason: 'exhausted' })).toBe(1);

    // Nothing more happens, however many ticks follow.
    const outbox = await world.outbox();
    for (let t = 5 * DAY; t <= 10 * DAY; t += 6 * HOUR) await sweep(world, dunning, at(t));
    expect(await world.outbox()).toEqual(outbox);
    expect(world.charges()).toHaveLength(3);
  });

  it('fail → retry fails → retry succeeds: invoice, a month from now, active again; past_due recovering is no reactivation', async () => {
    const c = await world.customer({ periodEndsAt: F, currency: 'TRY' });
    const sub = c.subscription!.id;
    const head = await world.failedPayment(c, { at: F, amount: 99900, currency: 'TRY' });
    const dunning = world.dunning({ script: `company:${c.company.id}=fail,succeed` });

    for (const t of [0, 6 * HOUR, 12 * HOUR, 18 * HOUR, 24 * HOUR, 30 * HOUR, 36 * HOUR]) await sweep(world, dunning, at(t));

    const [first, second] = await world.attempts(head);
    expect(first).toMatchObject({ status: 'failed', paytr_merchant_oid: `LCR${head}A2` });
    expect(second).toMatchObject({ status: 'success', paytr_merchant_oid: `LCR${head}A3`, completed_at: at(30 * HOUR + 5_000), paytr_transaction_id: `FAKE-LCR${head}A3` });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'resolved', retry_count: 2, next_retry_at: null });

    const invoices = await world.invoices();
    expect(invoices).toEqual([
      expect.objectContaining({
        invoice_number: 'INV-2026-00001',
        payment_id: second.id,
        company_id: c.company.id,
        subtotal: 99900,
        tax_amount: 0,
        total_amount: 99900,
        currency: 'TRY',
        period_start: at(30 * HOUR),
        period_end: new Date('2027-01-02T06:00:00Z'),
        invoice_date: at(30 * HOUR),
        paid_at: at(30 * HOUR),
        status: 'paid',
      }),
    ]);
    expect(await world.subscription(sub)).toMatchObject({ status: 'active', current_period_start: at(30 * HOUR), current_period_end: new Date('2027-01-02T06:00:00Z') });

    const succeeded = await world.events('payment.succeeded');
    expect(succeeded).toEqual([
      expect.objectContaining({
        id: paymentSucceededId(second.id),
        occurredAt: '2026-12-02T06:00:00.000Z',
        data: expect.objectContaining({
          paymentId: second.id,
          invoiceId: invoices[0].id,
          invoiceNumber: 'INV-2026-00001',
          amount: 99900,
          currency: 'TRY',
          periodEndsAt: '2027-01-02T06:00:00Z',
          admin: expect.objectContaining({ locale: 'tr' }),
        }),
      }),
    ]);
    expect(await world.events('subscription.reactivated')).toEqual([]);
    expect((await world.events()).map((e) => e.type)).toEqual(['payment.failed', 'subscription.past_due', 'payment.failed', 'payment.succeeded']);
    expect(await world.metric('lifecycle_billing_invoices_issued_total')).toBe(1);
    expect(world.charges()).toHaveLength(2);
  });

  it('suspended by exhausted retries, then the next failure recovers on its first retry: invoice, period, active, reactivated', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const sub = c.subscription!.id;
    const first = await world.failedPayment(c, { at: F });
    const failing = world.dunning({ script: 'default=fail*', settings: { schedule: new DunningSchedule([6 * HOUR], 1) } });
    await sweep(world, failing, at(0));
    await sweep(world, failing, at(6 * HOUR));
    expect((await world.subscription(sub)).status).toBe('suspended');
    expect(await world.payment(first)).toMatchObject({ dunning_state: 'exhausted' });

    // The platform's next renewal charge fails too; this time the retry goes through.
    const second = await world.failedPayment(c, { at: at(2 * DAY) });
    const recovering = world.dunning({ script: 'default=succeed' });
    await sweep(world, recovering, at(2 * DAY));
    expect(await world.payment(second)).toMatchObject({ dunning_state: 'active', next_retry_at: at(2 * DAY + 6 * HOUR) });
    expect((await world.subscription(sub)).status).toBe('suspended');
    await sweep(world, recovering, at(2 * DAY + 6 * HOUR));

    const [attempt] = await world.attempts(second);
    expect(attempt.status).toBe('success');
    expect(await world.subscription(sub)).toMatchObject({ status: 'active', current_period_end: new Date('2027-01-03T06:00:00Z') });
    expect((await world.invoices()).map((i) => [i.invoice_number, i.payment_id])).toEqual([['INV-2026-00001', attempt.id]]);
    const reactivated = await world.events('subscription.reactivated');
    expect(reactivated).toEqual([
      expect.objectContaining({
        id: subscriptionStatusId('subscription.reactivated', sub, { paymentId: attempt.id }),
        occurredAt: '2026-12-03T06:00:00.000Z',
        data: expect.objectContaining({ reason: 'payment_succeeded', paymentId: attempt.id, subscriptionId: sub }),
      }),
    ]);
    expect((await world.audit(sub)).map((a) => a.action_type)).toEqual(['subscription_past_due', 'subscription_suspended', 'subscription_reactivated']);
    expect(await world.metric('lifecycle_billing_reactivations_total', { cause: 'payment' })).toBe(1);

    // The reactivation sweeps see billing's own reactivation and announce nothing more.
    await world.sweeps().run('trial-expiry', { now: at(3 * DAY), tickId: 'trial-expiry@later' });
    await sweep(world, recovering, at(3 * DAY));
    expect(await world.events('subscription.reactivated')).toHaveLength(1);
  });

  it('a hard decline skips the remaining retries and suspends at once', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const dunning = world.dunning({ script: `company:${c.company.id}=fail:43,succeed` });
    await sweep(world, dunning, at(0));
    await sweep(world, dunning, at(6 * HOUR));

    expect(await world.attempts(head)).toEqual([expect.objectContaining({ status: 'failed', failure_reason_code: '43', failure_reason_message: 'stolen card (fake gateway)' })]);
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'hard_declined', retry_count: 1, next_retry_at: null });
    expect((await world.subscription(c.subscription!.id)).status).toBe('suspended');
    const failed = await world.events('payment.failed');
    expect(failed[1].data).toMatchObject({ attempt: 2, nextRetryAt: null, reason: 'stolen card (fake gateway)' });
    expect((await world.events('subscription.suspended'))[0].data).toMatchObject({ reason: 'payment_hard_declined' });
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'hard_declined' })).toBe(1);
    expect(await world.metric('lifecycle_dunning_suspensions_total', { reason: 'hard_declined' })).toBe(1);

    await sweep(world, dunning, at(30 * HOUR));
    expect(world.charges()).toHaveLength(1);
  });

  it('PAYMENT_GATEWAY=none tells the customer once and retries nothing', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const dunning = world.dunning({ script: 'none' });
    for (let t = 0; t <= 5 * DAY; t += 6 * HOUR) await sweep(world, dunning, at(t));

    expect(await world.payment(head)).toMatchObject({ dunning_state: 'manual', retry_count: 0, next_retry_at: null });
    expect(await world.attempts(head)).toEqual([]);
    expect((await world.subscription(c.subscription!.id)).status).toBe('past_due');
    const failed = await world.events('payment.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].data).toMatchObject({ attempt: 1, maxAttempts: 1, nextRetryAt: null });
    expect(await world.metric('lifecycle_dunning_detected_total', { result: 'manual' })).toBe(1);
  });
});
