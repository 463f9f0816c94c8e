import { trialExpiringId } from '@lifecycle/contracts';
import { BillingWorld, DAY, HOUR, plus, tick } from './billing-world';

const NOW = '2026-12-01T09:00:00Z';
const at = (ms: number) => plus(NOW, ms);

describe('trial reminders sweep', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  it('emits exactly the due reminders with what the mail needs, and nothing new when the tick is run again', async () => {
    const f = world.factories;
    const sevenDays = await f.newCompany({ trialEndsAt: at(7 * DAY), currency: 'TRY', admin: { email: 'ayse@acme.example', fullName: 'Ayşe Yılmaz' } });
    const windowEdge = await f.newCompany({ trialEndsAt: at(7 * DAY + 12 * HOUR) });
    const notYet = await f.newCompany({ trialEndsAt: at(7 * DAY + 12 * HOUR + 1000) });
    const threeDays = await f.newCompany({ trialEndsAt: at(3 * DAY), currency: 'EUR' });
    const twoDays = await f.newCompany({ trialEndsAt: at(2 * DAY) });
    const oneDay = await f.newCompany({ trialEndsAt: at(DAY), plan: 'enterprise' });
    const createdTwoDaysBefore = await f.newCompany({ trialEndsAt: at(DAY) });
    await world.setTrial(createdTwoDaysBefore.subscription!.id, { startsAt: at(-DAY) });
    const createdTwoDaysBeforeByCreatedAt = await f.newCompany({ trialEndsAt: at(2 * DAY + 6 * HOUR) });
    await world.setTrial(createdTwoDaysBeforeByCreatedAt.subscription!.id, { startsAt: null, createdAt: at(6 * HOUR) });
    const ended = await f.newCompany({ trialEndsAt: at(-HOUR) });
    const paying = await f.newCompany({ status: 'active', trialEndsAt: at(3 * DAY), periodEndsAt: at(20 * DAY) });

    // the lowest-id active admin receives the mail
    const twoAdmins = await f.newCompany({ trialEndsAt: at(3 * DAY), admin: { isActive: false } });
    const secondAdmin = await f.user(twoAdmins.company.id, { role: 'admin' });
    await f.user(twoAdmins.company.id, { role: 'admin' });

    const summary = await world.sweeps().trialReminders.execute(tick('trial-reminders', NOW));

    const id = (c: typeof sevenDays, d: 7 | 3 | 1, ms: number) => trialExpiringId(c.subscription!.id, d, at(ms));
    expect(await world.outboxIds()).toEqual(
      [
        id(sevenDays, 7, 7 * DAY),
        id(windowEdge, 7, 7 * DAY + 12 * HOUR),
        id(threeDays, 3, 3 * DAY),
        id(twoDays, 3, 2 * DAY),
        id(oneDay, 1, DAY),
        id(createdTwoDaysBefore, 1, DAY),
        id(twoAdmins, 3, 3 * DAY),
      ].sort(),
    );
    const rows = await world.outbox();
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    expect(byId.get(id(sevenDays, 7, 7 * DAY))).toEqual({
      event_id: id(sevenDays, 7, 7 * DAY),
      subject: 'trial.expiring',
      aggregate: `subscription:${sevenDays.subscription!.id}`,
      payload: {
        id: id(sevenDays, 7, 7 * DAY),
        type: 'trial.expiring',
        version: 1,
        occurredAt: '2026-12-01T09:00:00.000Z',
        source: 'billing',
        correlationId: 'trial-reminders@2026-12-01T09:00:00Z',
        data: {
          subscriptionId: sevenDays.subscription!.id,
          companyId: sevenDays.company.id,
          companyName: sevenDays.company.name,
          plan: 'team',
          admin: { userId: sevenDays.admin!.id, email: 'ayse@acme.example', fullName: 'Ayşe Yılmaz', locale: 'tr' },
          daysBefore: 7,
          trialEndsAt: '2026-12-08T09:00:00Z',
        },
      },
    });
    expect(byId.get(id(threeDays, 3, 3 * DAY))!.payload.data).toMatchObject({ admin: { locale: 'en' } });
    expect(byId.get(id(oneDay, 1, DAY))!.payload.data).toMatchObject({ plan: 'enterprise', daysBefore: 1 });
    expect(byId.get(id(twoAdmins, 3, 3 * DAY))!.payload.data).toMatchObject({ admin: { userId: secondAdmin.id, email: secondAdmin.email } });

    expect(summary).toMatchObject({ sweep: 'trial-reminders', emitted: 7, alreadySent: 0, skipped: {} });
    expect(await world.metric('lifecycle_billing_events_emitted_total', { type: 'trial.expiring' })).toBe(7);

    const again = await world.sweeps().trialReminders.execute(tick('trial-reminders', NOW));
    expect(again).toMatchObject({ emitted: 0, alreadySent: 7 });
    const nextDay = await world.sweeps().trialReminders.execute(tick('trial-reminders', plus(NOW, DAY)));
    expect(nextDay.emitted).toBe(3);
    // a day later: notYet's 7-day window has opened, twoDays and createdTwoDaysBeforeByCreatedAt are due their 1-day mail
    expect((await world.outboxIds()).filter((e) => !rows.some((r) => r.event_id === e))).toEqual(
      [id(notYet, 7, 7 * DAY + 12 * HOUR + 1000), id(twoDays, 1, 2 * DAY), id(createdTwoDaysBeforeByCreatedAt, 1, 2 * DAY + 6 * HOUR)].sort(),
    );
  });

  it('re-arms the reminders of a trial extended after its 3-day mail', async () => {
    const { subscription } = await world.factories.newCompany({ trialEndsAt: at(3 * DAY) });
    const sweeps = world.sweeps();
    await sweeps.trialReminders.execute(tick('trial-reminders', NOW));
    await world.setTrial(subscription!.id, { endsAt: at(7 * DAY) });
    await sweeps.trialReminders.execute(tick('trial-reminders', plus(NOW, DAY)));
    await sweeps.trialReminders.execute(tick('trial-reminders', plus(NOW, 4 * DAY)));

    expect(await world.outboxIds()).toEqual(
      [trialExpiringId(subscription!.id, 3, at(3 * DAY)), trialExpiringId(subscription!.id, 7, at(7 * DAY)), trialExpiringId(subscription!.id, 3, at(7 * DAY))].sort(),
    );
  });

  it('skips bad rows with a warning naming each, counts them, and finishes the sweep', async () => {
    const f = world.factories;
    const noAdmin = await f.newCompany({ trialEndsAt: at(3 * DAY), admin: false });
    const inactiveAdmin = await f.newCompany({ trialEndsAt: at(DAY), admin: { isActive: false }, members: 1 });
    const noEnd = await f.newCompany({ trialEndsAt: null });
    const orphan = await f.newCompany({ trialEndsAt: at(3 * DAY) });
    await world.removeCompanyKeepingSubscription(orphan.company.id);
    const notDueWithoutAdmin = await f.newCompany({ trialEndsAt: at(10 * DAY), admin: false });
    const fine = await f.newCompany({ trialEndsAt: at(3 * DAY) });

    const summary = await world.sweeps().trialReminders.execute(tick('trial-reminders', NOW));

    expect(await world.outboxIds()).toEqual([trialExpiringId(fine.subscription!.id, 3, at(3 * DAY))]);
    expect(summary.skipped).toEqual({ no_admin: 2, no_trial_end: 1, company_missing: 1 });
    const warnings = world.logger.warnings();
    expect(warnings).toEqual(
      expect.arrayContaining([
        `trial-reminders: skipped subscription ${noAdmin.subscription!.id} (company ${noAdmin.company.id}), the company has no active admin`,
        `trial-reminders: skipped subscription ${inactiveAdmin.subscription!.id} (company ${inactiveAdmin.company.id}), the company has no active admin`,
        `trial-reminders: skipped subscription ${noEnd.subscription!.id} (company ${noEnd.company.id}), the trial has no end date`,
        `trial-reminders: skipped subscription ${orphan.subscription!.id} (company ${orphan.company.id}), its company row is missing`,
      ]),
    );
    expect(warnings.join('\n')).not.toContain(`subscription ${notDueWithoutAdmin.subscription!.id} `);
    expect(await world.metric('lifecycle_billing_skipped_total', { sweep: 'trial-reminders', reason: 'no_admin' })).toBe(2);
    expect(await world.metric('lifecycle_billing_skipped_total', { sweep: 'trial-reminders', reason: 'company_missing' })).toBe(1);
  });

  it('names at most the configured number of skipped rows, then sums up the rest in one line', async () => {
    for (let i = 0; i < 5; i++) await world.factories.newCompany({ trialEndsAt: at(DAY), admin: false });
    await world.sweeps({ skipWarningLimit: 2 }).trialReminders.execute(tick('trial-reminders', NOW));
    expect(world.logger.warnings()).toHaveLength(3);
    expect(world.logger.warnings()[2]).toBe('trial-reminders: 3 more skipped rows not listed (totals: no_admin 5)');
  });

  it('pages through the window in keyset batches without missing or repeating a row', async () => {
    const subscriptions: number[] = [];
    for (let i = 0; i < 23; i++) {
      const { subscription } = await world.factories.newCompany({ trialEndsAt: at((i % 2 ? 3 : 20) * DAY + i * HOUR) });
      if (i % 2) subscriptions.push(subscription!.id);
    }
    const summary = await world.sweeps({ batchSize: 4 }).trialReminders.execute(tick('trial-reminders', NOW));
    expect(summary).toMatchObject({ emitted: 11, scanned: 11, batches: 3 });
    expect((await world.outbox()).map((r) => (r.payload.data as { subscriptionId: number }).subscriptionId).sort((a, b) => a - b)).toEqual(subscriptions);
  });
});
