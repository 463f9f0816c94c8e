import { DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';

describe('dunning without a stored card (fake gateway)', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  it('marks every step without a card as a payment request on the same schedule; a declined card stays a decline', async () => {
    const cardless = await world.customer({ periodEndsAt: F });
    const declined = await world.customer({ periodEndsAt: F });
    await world.failedPayment(cardless, { at: F });
    await world.failedPayment(declined, { at: F });
    const dunning = world.dunning({ script: `company:${cardless.company.id}=fail:no_stored_card*;company:${declined.company.id}=fail*` });
    for (const at of [F, plus(F, 6 * HOUR), plus(F, 30 * HOUR), plus(F, 102 * HOUR)]) {
      world.clock.set(plus(at, 5_000));
      await dunning.paymentRetry.execute(retryTick(at));
    }

    const steps = (companyId: number) =>
      world.events('payment.failed').then((events) =>
        events
          .filter((e) => (e.data as { companyId: number }).companyId === companyId)
          .map((e) => {
            const d = e.data as { attempt: number; nextRetryAt: string | null; payInApp?: boolean };
            return [d.attempt, d.nextRetryAt, d.payInApp ?? null];
          }),
      );
    expect(await steps(cardless.company.id)).toEqual([
      [1, '2026-12-01T06:00:00Z', null],
      [2, '2026-12-02T06:00:00Z', true],
      [3, '2026-12-05T06:00:00Z', true],
      [4, null, true],
    ]);
    expect(await steps(declined.company.id)).toEqual([
      [1, '2026-12-01T06:00:00Z', null],
      [2, '2026-12-02T06:00:00Z', null],
      [3, '2026-12-05T06:00:00Z', null],
      [4, null, null],
    ]);
    expect((await world.subscription(cardless.subscription!.id)).status).toBe('suspended');
    expect((await world.subscription(declined.subscription!.id)).status).toBe('suspended');
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'payment_requested' })).toBe(3);
    expect(await world.metric('lifecycle_dunning_retries_total', { outcome: 'failed' })).toBe(3);
    expect(await world.metric('lifecycle_dunning_suspensions_total', { reason: 'exhausted' })).toBe(2);
  });
});
