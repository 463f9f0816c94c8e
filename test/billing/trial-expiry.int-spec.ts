import { trialExpiredId } from '@lifecycle/contracts';
import type { NewCompany } from '@lifecycle/testing';
import { BillingWorld, DAY, HOUR, plus, tick } from './billing-world';

const NOW = '2026-12-01T10:00:00Z';
const at = (ms: number) => plus(NOW, ms);

describe('trial expiry sweep', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  it('expires ended trials with their audit row and trial.expired event, and nothing more when run again', async () => {
    const f = world.factories;
    const ended: NewCompany[] = [];
    for (let i = 0; i < 5; i++) ended.push(await f.newCompany({ trialEndsAt: at(-(i + 1) * HOUR), currency: i === 0 ? 'TRY' : 'USD' }));
    const endsNow = await f.newCompany({ trialEndsAt: at(0) });
    const future = await f.newCompany({ trialEndsAt: at(HOUR) });
    const paying = await f.newCompany({ status: 'active', trialEndsAt: at(-DAY), periodEndsAt: at(20 * DAY) });
    const noAdmin = await f.newCompany({ trialEndsAt: at(-DAY), admin: false });
    const noEnd = await f.newCompany({ trialEndsAt: null });

    const summary = await world.sweeps({ batchSize: 2 }).trialExpiry.execute(tick('trial-expiry', NOW));

    const statuses = await world.statuses();
    const expiredIds = ended.map((c) => c.subscription!.id);
    expect([...statuses].filter(([, s]) => s === 'expired').map(([id]) => id)).toEqual(expiredIds);
    for (const untouched of [endsNow, future, noAdmin, noEnd]) expect(statuses.get(untouched.subscription!.id)).toBe('trial');
    expect(statuses.get(paying.subscription!.id)).toBe('active');

    // in trial-end order, the sweep's keyset: the trial that ended first expires first
    const outbox = await world.outbox();
    expect(outbox.map((r) => r.event_id)).toEqual(ended.map((c) => trialExpiredId(c.subscription!.id, at(-(ended.indexOf(c) + 1) * HOUR))).reverse());
    expect(outbox.find((r) => r.event_id === trialExpiredId(ended[0].subscription!.id, at(-HOUR)))!.payload).toEqual({
      id: trialExpiredId(ended[0].subscription!.id, at(-HOUR)),
      type: 'trial.expired',
      version: 1,
      occurredAt: '2026-12-01T10:00:00.000Z',
      source: 'billing',
      correlationId: 'trial-expiry@2026-12-01T10:00:00Z',
      data: {
        subscriptionId: ended[0].subscription!.id,
        companyId: ended[0].company.id,
        companyName: ended[0].company.name,
        plan: 'team',
        trialEndedAt: '2026-12-01T09:00:00Z',
        admin: { userId: ended[0].admin!.id, email: ended[0].admin!.email, fullName: ended[0].admin!.fullName, locale: 'tr' },
      },
    });

    const audit = await world.auditRows();
    // Recorded at the Clock's now, but never earlier than the tick that caused it (notBefore): here the tick, 10:00.
    const recordedAt = new Date(Math.max(world.clock.now().getTime(), Date.parse('2026-12-01T10:00:00Z')));
    expect(audit.map((a) => a.resource_id)).toEqual([...expiredIds].reverse());
    expect(audit.find((a) => a.resource_id === ended[0].subscription!.id)).toEqual({
      resource_id: ended[0].subscription!.id,
      company_id: ended[0].company.id,
      action_type: 'subscription_expired',
      resource_type: 'subscription',
      timestamp: recordedAt,
      user_id: null,
      success: true,
      details: {
        tickId: 'trial-expiry@2026-12-01T10:00:00Z',
        eventId: trialExpiredId(ended[0].subscription!.id, at(-HOUR)),
        trialEndedAt: '2026-12-01T09:00:00Z',
        from: 'trial',
        to: 'expired',
      },
    });
    const { rows } = await world.pool.query(`SELECT updated_at FROM subscriptions WHERE id = $1`, [expiredIds[0]]);
    expect(rows[0].updated_at).toEqual(recordedAt);

    expect(summary).toMatchObject({ expired: 5, emitted: 5, batches: 3, skipped: { no_admin: 1, no_trial_end: 1 } });
    expect(world.logger.warnings()).toContain(
      `trial-expiry: skipped subscription ${noAdmin.subscription!.id} (company ${noAdmin.company.id}), the company has no active admin`,
    );

    const again = await world.sweeps().trialExpiry.execute(tick('trial-expiry', plus(NOW, 2 * HOUR)));
    expect(again).toMatchObject({ expired: 2, emitted: 2 }); // endsNow and future have ended since
    expect(await world.auditRows()).toHaveLength(7);
    expect(await world.outbox()).toHaveLength(7);
    expect(await world.sweeps().trialExpiry.execute(tick('trial-expiry', plus(NOW, 2 * HOUR)))).toMatchObject({ expired: 0, emitted: 0 });
  });

  it('waits out the grace period', async () => {
    const { subscription } = await world.factories.newCompany({ trialEndsAt: at(-HOUR) });
    const sweeps = world.sweeps({ trialExpiryGraceMs: 2 * HOUR });
    expect(await sweeps.trialExpiry.execute(tick('trial-expiry', NOW))).toMatchObject({ expired: 0 });
    expect(await sweeps.trialExpiry.execute(tick('trial-expiry', plus(NOW, 2 * HOUR)))).toMatchObject({ expired: 1 });
    expect((await world.statuses()).get(subscription!.id)).toBe('expired');
  });

  it('leaves a trial whose event the contract rejects untouched, and expires the rest of its batch', async () => {
    const nameless = await world.factories.newCompany({ trialEndsAt: at(-2 * HOUR) });
    await world.pool.query(`UPDATE companies SET name = '' WHERE id = $1`, [nameless.company.id]);
    const fine = await world.factories.newCompany({ trialEndsAt: at(-HOUR) });

    const summary = await world.sweeps().trialExpiry.execute(tick('trial-expiry', NOW));

    expect(summary).toMatchObject({ expired: 1, skipped: { invalid_event: 1 } });
    const statuses = await world.statuses();
    expect([statuses.get(nameless.subscription!.id), statuses.get(fine.subscription!.id)]).toEqual(['trial', 'expired']);
    expect((await world.auditRows()).map((a) => a.resource_id)).toEqual([fine.subscription!.id]);
    expect(world.logger.warnings()[0]).toMatch(
      new RegExp(`^trial-expiry: skipped subscription ${nameless.subscription!.id} \\(company ${nameless.company.id}\\), its event does not pass the contract: .*companyName`),
    );
  });

  it('skips a trial whose company row is gone', async () => {
    const orphan = await world.factories.newCompany({ trialEndsAt: at(-HOUR) });
    await world.removeCompanyKeepingSubscription(orphan.company.id);
    const summary = await world.sweeps().trialExpiry.execute(tick('trial-expiry', NOW));
    expect(summary).toMatchObject({ expired: 0, skipped: { company_missing: 1 } });
    expect((await world.statuses()).get(orphan.subscription!.id)).toBe('trial');
    expect(await world.metric('lifecycle_billing_skipped_total', { sweep: 'trial-expiry', reason: 'company_missing' })).toBe(1);
  });
});
