import { DunningRetryRepository } from '@lifecycle/billing';
import { ChargeNotSentError, type ChargeOutcome, type ChargeRequest, type ChargeStatus, type PaymentGateway } from '@lifecycle/payments';
import { DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';
const at = (ms: number) => plus(F, ms);

describe('charges whose outcome is unknown', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  /** Detects the failure and claims retry 1 as a process does before it charges, then "dies": the attempt is left pending. */
  async function orphanedAttempt(): Promise<{ head: number; attempt: number; oid: string; companyId: number }> {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    world.clock.set(at(1_000));
    await world.dunning().detection.execute();
    world.clock.set(at(6 * HOUR + 1_000));
    const { claimed } = await new DunningRetryRepository(world.billing.dataSource.manager).claimDue({ now: at(6 * HOUR), afterId: 0, limit: 10, at: world.clock.now(), testMode: true });
    expect(claimed).toHaveLength(1);
    return { head, attempt: claimed[0].attemptId, oid: claimed[0].merchantOid, companyId: c.company.id };
  }

  it('a claim that never reached the provider is charged by the next sweep, once', async () => {
    const o = await orphanedAttempt();
    expect(await world.payment(o.attempt)).toMatchObject({ status: 'pending', retry_count: 1 });
    expect(await world.payment(o.head)).toMatchObject({ retry_count: 1, next_retry_at: null });

    world.clock.set(at(12 * HOUR + 1_000));
    const summary = await world.dunning().paymentRetry.execute(retryTick(at(12 * HOUR)));

    expect(summary).toMatchObject({ reconciled: 1, succeeded: 1, claimed: 0 });
    expect(world.charges()).toEqual([o.oid]);
    expect(await world.payment(o.attempt)).toMatchObject({ status: 'success' });
    expect((await world.invoices()).map((i) => i.payment_id)).toEqual([o.attempt]);
  });

  it('a charge the provider took before the crash is settled from its status, never charged again', async () => {
    const o = await orphanedAttempt();
    const gateway = world.fakeGateway(`company:${o.companyId}=fail`);
    // what the dead process had sent: the provider declined it
    await gateway.charge({ merchantOid: o.oid, amount: 2900, currency: 'USD', companyId: o.companyId, subscriptionId: 0, attempt: 2 } as ChargeRequest);

    world.clock.set(at(12 * HOUR + 1_000));
    const summary = await world.dunning({ gateway }).paymentRetry.execute(retryTick(at(12 * HOUR)));

    expect(summary).toMatchObject({ reconciled: 1, failed: 1 });
    expect(world.ledger.entries().filter((e) => e.merchantOid === o.oid).map((e) => e.type)).toEqual(['charge']);
    expect(await world.payment(o.attempt)).toMatchObject({ status: 'failed', failure_reason_code: '0' });
    // the next retry is timed from the sweep that learned the outcome
    expect(await world.payment(o.head)).toMatchObject({ dunning_state: 'active', retry_count: 1, next_retry_at: at(36 * HOUR) });
  });

  it('an outcome still unknown after PAYMENT_OUTCOME_TIMEOUT becomes unknown, never a failed retry; until then it waits', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    const dunning = world.dunning({ script: `company:${c.company.id}=pending,succeed`, settings: { outcomeTimeoutMs: 12 * HOUR } });
    world.clock.set(at(1_000));
    await dunning.paymentRetry.execute(retryTick(F));
    world.clock.set(at(6 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(6 * HOUR)))).toMatchObject({ claimed: 1, pending: 1 });
    const [attempt] = await world.attempts(head);
    expect(attempt.status).toBe('pending');

    world.clock.set(at(12 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(12 * HOUR)))).toMatchObject({ reconciled: 0, pending: 1, unknown: 0 });
    expect((await world.payment(attempt.id)).status).toBe('pending');

    world.clock.set(at(24 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(24 * HOUR)))).toMatchObject({ reconciled: 0, failed: 0, unknown: 1, claimed: 0 });
    expect(await world.payment(attempt.id)).toMatchObject({ status: 'pending', failure_reason_code: null });
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'unknown', retry_count: 1, next_retry_at: null });
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'unknown' })).toBe(1);
    expect(world.charges()).toEqual([`LCR${head}A2`]);
  });

  it('a charge that certainly did not go out is undone: the head is due again and keeps its attempt number', async () => {
    const c = await world.customer({ periodEndsAt: F });
    const head = await world.failedPayment(c, { at: F });
    let down = true;
    const fake = world.fakeGateway();
    const flaky: PaymentGateway = {
      name: 'paytr',
      charges: true,
      testMode: false,
      charge: (request: ChargeRequest): Promise<ChargeOutcome> =>
        down ? Promise.reject(new ChargeNotSentError(request.merchantOid, 'the stored cards could not be listed')) : fake.charge(request),
      status: (oid: string): Promise<ChargeStatus> => fake.status(oid),
    };
    const dunning = world.dunning({ gateway: flaky });
    world.clock.set(at(1_000));
    await dunning.paymentRetry.execute(retryTick(F));
    world.clock.set(at(6 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(6 * HOUR)))).toMatchObject({ claimed: 1, notSent: 1 });
    expect(await world.attempts(head)).toEqual([]);
    expect(await world.payment(head)).toMatchObject({ dunning_state: 'active', retry_count: 0, next_retry_at: at(6 * HOUR) });

    down = false;
    world.clock.set(at(12 * HOUR + 1_000));
    expect(await dunning.paymentRetry.execute(retryTick(at(12 * HOUR)))).toMatchObject({ claimed: 1, succeeded: 1 });
    expect((await world.attempts(head)).map((a) => [a.paytr_merchant_oid, a.status])).toEqual([[`LCR${head}A2`, 'success']]);
    expect(await world.events('payment.failed')).toHaveLength(1);
  });

  it('two sweeps at once charge each due retry once', async () => {
    const heads: number[] = [];
    for (let i = 0; i < 20; i++) heads.push(await world.failedPayment(await world.customer({ periodEndsAt: F }), { at: F }));
    world.clock.set(at(1_000));
    await world.dunning().detection.execute();
    const other = await world.billing.otherDataSource();
    world.clock.set(at(6 * HOUR + 1_000));
    const gateway = world.fakeGateway('default=succeed', 5);
    const [a, b] = await Promise.all([
      world.dunning({ gateway, billing: { batchSize: 4 } }).paymentRetry.execute(retryTick(at(6 * HOUR))),
      world.dunning({ gateway, billing: { batchSize: 4 }, dataSource: other }).paymentRetry.execute(retryTick(at(6 * HOUR))),
    ]);
    expect(a.succeeded + b.succeeded).toBe(20);
    expect(new Set(world.charges()).size).toBe(20);
    expect(world.ledger.entries().filter((e) => e.type === 'refused')).toEqual([]);
    expect((await world.invoices()).map((i) => i.invoice_number).sort()).toEqual(heads.map((_, i) => `INV-2026-${String(i + 1).padStart(5, '0')}`));
  });
});
