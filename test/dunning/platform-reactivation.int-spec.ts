import { DunningSchedule } from '@lifecycle/billing';
import { subscriptionStatusId, tickId } from '@lifecycle/contracts';
import { DAY, DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const T = '2026-12-01T10:00:00Z';
const at = (ms: number) => plus(T, ms);
const expiryTick = (when: Date) => ({ now: when, tickId: tickId('trial-expiry', when) });

describe('reactivation by the platform', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  const activate = (subscriptionId: number) =>
    world.pool.query(`UPDATE subscriptions SET status = 'active', current_period_end = $2 WHERE id = $1`, [subscriptionId, at(30 * DAY)]);

  it('an expired trial the platform made active is announced once, on the next trial-expiry sweep', async () => {
    const c = await world.factories.newCompany({ trialEndsAt: at(-HOUR), workspaces: 2 });
    const sub = c.subscription!.id;
    world.clock.set(at(5_000));
    await world.sweeps().run('trial-expiry', expiryTick(at(0)));
    expect((await world.subscription(sub)).status).toBe('expired');
    const [expiry] = await world.audit(sub);

    await activate(sub);
    world.clock.set(at(2 * HOUR + 5_000));
    const summary = await world.sweeps().run('trial-expiry', expiryTick(at(2 * HOUR)));
    expect(summary).toMatchObject({ reactivated: 1, emitted: 1, expired: 0 });

    const events = await world.events('subscription.reactivated');
    expect(events).toEqual([
      {
        id: subscriptionStatusId('subscription.reactivated', sub, { at: expiry.timestamp }),
        type: 'subscription.reactivated',
        version: 1,
        occurredAt: '2026-12-01T12:00:00.000Z',
        source: 'billing',
        correlationId: 'trial-expiry@2026-12-01T12:00:00Z',
        data: {
          subscriptionId: sub,
          companyId: c.company.id,
          companyName: c.company.name,
          plan: 'team',
          admin: { userId: c.admin!.id, email: c.admin!.email, fullName: c.admin!.fullName, locale: 'en' },
          reason: 'reactivated_by_platform',
          paymentId: null,
        },
      },
    ]);
    expect((await world.audit(sub)).map((a) => [a.action_type, a.details.reason ?? null])).toEqual([
      ['subscription_expired', null],
      ['subscription_reactivated', 'platform'],
    ]);

    // Every later sweep, of either kind, knows it was announced.
    world.clock.set(at(4 * HOUR + 5_000));
    expect(await world.sweeps().run('trial-expiry', expiryTick(at(4 * HOUR)))).toMatchObject({ reactivated: 0, emitted: 0 });
    expect((await world.dunning().paymentRetry.execute(retryTick(at(6 * HOUR)))).reactivation).toMatchObject({ reactivated: 0 });
    expect(await world.events('subscription.reactivated')).toHaveLength(1);
    expect(await world.metric('lifecycle_billing_reactivations_total', { cause: 'platform' })).toBe(1);
  });

  it('a subscription dunning suspended that the platform made active is announced by the payment-retry sweep, and again after the next suspension', async () => {
    const c = await world.customer({ periodEndsAt: T });
    const sub = c.subscription!.id;
    const dunning = world.dunning({ script: 'default=fail*', settings: { schedule: new DunningSchedule([6 * HOUR], 1) } });
    const sweep = async (when: Date) => {
      world.clock.set(plus(when, 5_000));
      return dunning.paymentRetry.execute(retryTick(when));
    };
    await world.failedPayment(c, { at: T });
    await sweep(at(0));
    await sweep(at(6 * HOUR));
    expect((await world.subscription(sub)).status).toBe('suspended');

    await activate(sub);
    expect((await sweep(at(12 * HOUR))).reactivation).toMatchObject({ reactivated: 1 });
    await sweep(at(18 * HOUR));

    // Suspended again by a later chain, and reactivated again by the platform: a second, distinct announcement.
    await world.failedPayment(c, { at: at(DAY) });
    await sweep(at(DAY));
    await sweep(at(DAY + 6 * HOUR));
    expect((await world.subscription(sub)).status).toBe('suspended');
    await activate(sub);
    await sweep(at(DAY + 12 * HOUR));

    const suspensions = (await world.audit(sub)).filter((a) => a.action_type === 'subscription_suspended');
    const reactivated = await world.events('subscription.reactivated');
    expect(reactivated.map((e) => e.id)).toEqual(suspensions.map((s) => subscriptionStatusId('subscription.reactivated', sub, { at: s.timestamp })));
    expect(reactivated.map((e) => e.occurredAt)).toEqual(['2026-12-01T22:00:00.000Z', '2026-12-02T22:00:00.000Z']);
  });

  it('leaves alone what billing did not do, and waits for a company without admin', async () => {
    const byPlatform = await world.customer({ status: 'suspended' });
    await world.pool.query(
      `INSERT INTO audit_logs ("timestamp", user_id, company_id, action_type, resource_type, resource_id, details, success)
       VALUES ($1, $2, $3, 'subscription_suspended', 'subscription', $4, '{"by":"support"}', true)`,
      [at(-DAY), byPlatform.admin!.id, byPlatform.company.id, byPlatform.subscription!.id],
    );
    await activate(byPlatform.subscription!.id);
    const noAdmin = await world.factories.newCompany({ trialEndsAt: at(-HOUR), admin: { isActive: true } });
    world.clock.set(at(5_000));
    await world.sweeps().run('trial-expiry', expiryTick(at(0)));
    await world.pool.query(`UPDATE users SET is_active = false WHERE company_id = $1`, [noAdmin.company.id]);
    await activate(noAdmin.subscription!.id);

    const summary = await world.sweeps().run('trial-expiry', expiryTick(at(2 * HOUR)));
    expect(summary.reactivated).toBe(0);
    expect(await world.events('subscription.reactivated')).toEqual([]);
    expect(world.billing.logger.warnings()).toContain(
      `reactivation: subscription ${noAdmin.subscription!.id} (company ${noAdmin.company.id}) is active again but not announced: the company has no active admin`,
    );

    await world.pool.query(`UPDATE users SET is_active = true WHERE company_id = $1`, [noAdmin.company.id]);
    expect((await world.sweeps().run('trial-expiry', expiryTick(at(4 * HOUR)))).reactivated).toBe(1);
    expect((await world.events('subscription.reactivated')).map((e) => (e.data as { subscriptionId: number }).subscriptionId)).toEqual([noAdmin.subscription!.id]);
  });
});
