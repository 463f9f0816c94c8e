import { paymentFailedId } from '@lifecycle/contracts';
import { DAY, DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';
const at = (ms: number) => plus(F, ms);

describe('dunning detection', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  it('takes in new failures set-based, with times from the failure, whenever it runs; ignores what must not be retried', async () => {
    const active = await world.customer();
    const pastDue = await world.customer({ status: 'past_due' });
    const stale = await world.customer();
    const paidLater = await world.customer();
    const oneTimeLater = await world.customer();
    const trial = await world.factories.newCompany({ trialEndsAt: at(DAY) });
    const twice = await world.customer();
    const noAdmin = await world.customer({ admin: false });

    const heads = {
      active: await world.failedPayment(active, { at: F, message: null, code: '51' }),
      pastDue: await world.failedPayment(pastDue, { at: at(HOUR) }),
      stale: await world.failedPayment(stale, { at: at(-8 * DAY) }),
      paidLater: await world.failedPayment(paidLater, { at: F }),
      oneTimeLater: await world.failedPayment(oneTimeLater, { at: F }),
      trial: await world.failedPayment(trial, { at: F }),
      twiceFirst: await world.failedPayment(twice, { at: F }),
      twiceSecond: await world.failedPayment(twice, { at: at(HOUR) }),
      noAdmin: await world.failedPayment(noAdmin, { at: F }),
    };
    await world.failedPayment(paidLater, { at: at(2 * HOUR), status: 'success' });
    await world.failedPayment(oneTimeLater, { at: at(2 * HOUR), status: 'success', type: 'one_time' });
    const { rows: orphan } = await world.pool.query(
      `INSERT INTO payments (company_id, paytr_merchant_oid, amount, currency, status, payment_type, created_at, updated_at)
       VALUES ($1, 'ORPHAN1', 100, 'USD', 'failed', 'one_time', $2, $2) RETURNING id`,
      [active.company.id, at(0)],
    );

    // The poll runs 3 hours after the failures: the first retry is still due 6 hours after each failure.
    world.clock.set(at(3 * HOUR));
    const summary = await world.dunning({ billing: { batchSize: 2 } }).detection.execute();

    expect(summary).toMatchObject({ ran: true, scanned: 10, entered: 4, ignored: 5, skipped: 1 });
    const state = async (id: number) => (await world.payment(id)).dunning_state;
    expect(await state(heads.active)).toBe('active');
    expect(await world.payment(heads.active)).toMatchObject({ retry_count: 0, next_retry_at: at(6 * HOUR), updated_at: at(3 * HOUR) });
    expect(await world.payment(heads.pastDue)).toMatchObject({ dunning_state: 'active', next_retry_at: at(7 * HOUR) });
    expect(await state(heads.oneTimeLater)).toBe('active');
    expect(await state(heads.twiceFirst)).toBe('active');
    for (const ignored of [heads.stale, heads.paidLater, heads.trial, heads.twiceSecond, orphan[0].id]) expect(await state(ignored)).toBe('ignored');
    expect(await state(heads.noAdmin)).toBeNull();
    expect(world.billing.logger.warnings()).toContain(`dunning detection: failed payment ${heads.noAdmin} (subscription ${noAdmin.subscription!.id}) waits: the company has no active admin`);

    const failed = await world.events('payment.failed');
    expect(failed.map((e) => e.id).sort()).toEqual([heads.active, heads.pastDue, heads.oneTimeLater, heads.twiceFirst].map(paymentFailedId).sort());
    const activeEvent = failed.find((e) => e.id === paymentFailedId(heads.active))!;
    expect(activeEvent).toMatchObject({ occurredAt: '2026-12-01T00:00:00.000Z', data: { reason: 'declined (code 51)', nextRetryAt: '2026-12-01T06:00:00Z' } });
    // past_due only for subscriptions this run moved there
    expect((await world.events('subscription.past_due')).map((e) => (e.data as { subscriptionId: number }).subscriptionId).sort()).toEqual(
      [active, oneTimeLater, twice].map((c) => c.subscription!.id).sort(),
    );
    expect((await world.subscription(pastDue.subscription!.id)).status).toBe('past_due');
    expect((await world.subscription(stale.subscription!.id)).status).toBe('active');
    expect(await world.metric('lifecycle_dunning_detected_total', { result: 'entered' })).toBe(4);
    expect(await world.metric('lifecycle_dunning_detected_total', { result: 'ignored' })).toBe(5);

    // Again: nothing new. Then the company gets an admin and its failure enters, still timed from the failure.
    const outbox = await world.outbox();
    await world.dunning().detection.execute();
    expect(await world.outbox()).toEqual(outbox);
    await world.factories.user(noAdmin.company.id, { role: 'admin' });
    world.clock.set(at(5 * HOUR));
    await world.dunning().detection.execute();
    expect(await world.payment(heads.noAdmin)).toMatchObject({ dunning_state: 'active', next_retry_at: at(6 * HOUR) });
    expect(await world.events('payment.failed')).toHaveLength(5);
  });

  it('two processes detecting at once start each chain once', async () => {
    const customers = [];
    for (let i = 0; i < 12; i++) customers.push(await world.customer());
    for (const c of customers) {
      await world.failedPayment(c, { at: F });
      await world.failedPayment(c, { at: at(HOUR) });
    }
    world.clock.set(at(2 * HOUR));
    const other = await world.billing.otherDataSource();
    const runs = await Promise.all([
      world.dunning({ billing: { batchSize: 3 } }).detection.execute(),
      world.dunning({ billing: { batchSize: 3 }, dataSource: other }).detection.execute(),
      world.dunning({ billing: { batchSize: 3 } }).detection.execute(),
    ]);
    expect(runs.some((r) => r.ran)).toBe(true);
    await world.dunning().detection.execute();

    const { rows } = await world.pool.query(`SELECT subscription_id, count(*)::int AS n FROM payments WHERE dunning_state = 'active' GROUP BY subscription_id`);
    expect(rows).toHaveLength(12);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(await world.events('payment.failed')).toHaveLength(12);
    expect(await world.events('subscription.past_due')).toHaveLength(12);
  });

  it('a chain whose subscription the platform paid or cancelled meanwhile is settled without a charge', async () => {
    const paid = await world.customer();
    const cancelled = await world.customer();
    const paidHead = await world.failedPayment(paid, { at: F });
    const cancelledHead = await world.failedPayment(cancelled, { at: F });
    const dunning = world.dunning({ script: 'default=fail*' });
    world.clock.set(at(1_000));
    await dunning.paymentRetry.execute(retryTick(F));

    await world.failedPayment(paid, { at: at(HOUR), status: 'success' });
    await world.pool.query(`UPDATE subscriptions SET status = 'active' WHERE id = $1`, [paid.subscription!.id]);
    await world.pool.query(`UPDATE subscriptions SET status = 'cancelled' WHERE id = $1`, [cancelled.subscription!.id]);
    world.clock.set(at(6 * HOUR + 1_000));
    const summary = await dunning.paymentRetry.execute(retryTick(at(6 * HOUR)));

    expect(summary).toMatchObject({ settled: { resolved: 1, closed: 1 }, claimed: 0 });
    expect(world.charges()).toEqual([]);
    expect(await world.payment(paidHead)).toMatchObject({ dunning_state: 'resolved', next_retry_at: null });
    expect(await world.payment(cancelledHead)).toMatchObject({ dunning_state: 'closed', next_retry_at: null });
    expect((await world.subscription(cancelled.subscription!.id)).status).toBe('cancelled');
    expect(await world.events('payment.succeeded')).toEqual([]);
  });
});
