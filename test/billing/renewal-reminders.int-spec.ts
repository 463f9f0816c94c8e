import { renewalUpcomingId } from '@lifecycle/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRICE_LIST, loadPriceList, parsePlansFile } from '@lifecycle/billing';
import { BillingWorld, DAY, HOUR, plus, tick } from './billing-world';

const NOW = '2026-12-01T10:00:00Z';
const at = (ms: number) => plus(NOW, ms);

describe('renewal reminders sweep', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  it('emits the 7- and 3-day reminders with the last payment’s amount, else the list price, and skips cancelling subscriptions', async () => {
    const f = world.factories;
    const paid = await f.newCompany({ periodEndsAt: at(7 * DAY), currency: 'TRY' });
    const pay = (p: { amount: number; status?: string; at: string }) =>
      world.payment(paid.company.id, paid.subscription!.id, { currency: 'TRY', ...p, at: new Date(p.at) });
    await pay({ amount: 89900, at: '2026-10-08T10:00:00Z' });
    await pay({ amount: 99900, at: '2026-11-08T10:00:00Z' });
    await pay({ amount: 1, status: 'failed', at: '2026-11-09T10:00:00Z' });
    const listPrice = await f.newCompany({ periodEndsAt: at(3 * DAY), currency: 'EUR', plan: 'enterprise' });
    const cancelling = await f.newCompany({ periodEndsAt: at(3 * DAY), cancelAtPeriodEnd: true });
    const pastDue = await f.newCompany({ status: 'past_due', periodEndsAt: at(3 * DAY) });
    const trial = await f.newCompany({ trialEndsAt: at(3 * DAY) });
    const shortPeriod = await f.newCompany({ periodEndsAt: at(5 * DAY) });
    await world.pool.query(`UPDATE subscriptions SET current_period_start = $2 WHERE id = $1`, [shortPeriod.subscription!.id, at(-DAY)]);
    const oneDayLeft = await f.newCompany({ periodEndsAt: at(DAY) });
    const farOff = await f.newCompany({ periodEndsAt: at(8 * DAY) });

    const summary = await world.sweeps().renewalReminders.execute(tick('renewal-reminders', NOW));

    const paidId = renewalUpcomingId(paid.subscription!.id, 7, at(7 * DAY));
    const listId = renewalUpcomingId(listPrice.subscription!.id, 3, at(3 * DAY));
    const oneDayId = renewalUpcomingId(oneDayLeft.subscription!.id, 3, at(DAY));
    expect(await world.outboxIds()).toEqual([paidId, listId, oneDayId].sort());
    const byId = new Map((await world.outbox()).map((r) => [r.event_id, r.payload]));
    expect(byId.get(paidId)).toMatchObject({
      type: 'renewal.upcoming',
      correlationId: 'renewal-reminders@2026-12-01T10:00:00Z',
      data: {
        subscriptionId: paid.subscription!.id,
        companyId: paid.company.id,
        companyName: paid.company.name,
        plan: 'team',
        daysBefore: 7,
        periodEndsAt: '2026-12-08T10:00:00Z',
        amount: 99900,
        currency: 'TRY',
        admin: { userId: paid.admin!.id, email: paid.admin!.email, fullName: paid.admin!.fullName, locale: 'tr' },
      },
    });
    expect(byId.get(listId)!.data).toMatchObject({ amount: DEFAULT_PRICE_LIST.enterprise.EUR, currency: 'EUR', admin: { locale: 'en' } });
    expect(summary).toMatchObject({ emitted: 3, skipped: {} });
    for (const skipped of [cancelling, pastDue, trial, shortPeriod, farOff]) {
      expect((await world.outbox()).some((r) => r.aggregate === `subscription:${skipped.subscription!.id}`)).toBe(false);
    }

    expect(await world.sweeps().renewalReminders.execute(tick('renewal-reminders', NOW))).toMatchObject({ emitted: 0, alreadySent: 3 });
    await world.sweeps().renewalReminders.execute(tick('renewal-reminders', plus(NOW, 2 * DAY)));
    expect(await world.outboxIds()).toContain(renewalUpcomingId(shortPeriod.subscription!.id, 3, at(5 * DAY)));
  });

  it('skips, names and counts a subscription without price, admin, company or period end', async () => {
    const f = world.factories;
    const legacy = await f.newCompany({ periodEndsAt: at(3 * DAY) });
    await world.pool.query(`UPDATE subscriptions SET plan = 'legacy' WHERE id = $1`, [legacy.subscription!.id]);
    const noAdmin = await f.newCompany({ periodEndsAt: at(3 * DAY), admin: false });
    const noEnd = await f.newCompany({ status: 'active', periodEndsAt: null });
    const orphan = await f.newCompany({ periodEndsAt: at(7 * DAY - 2 * HOUR) });
    await world.removeCompanyKeepingSubscription(orphan.company.id);

    const summary = await world.sweeps().renewalReminders.execute(tick('renewal-reminders', NOW));

    expect(await world.outboxIds()).toEqual([]);
    expect(summary.skipped).toEqual({ no_price: 1, no_admin: 1, no_period_end: 1, company_missing: 1 });
    expect(world.logger.warnings()).toContain(
      `renewal-reminders: skipped subscription ${legacy.subscription!.id} (company ${legacy.company.id}), no successful payment and no list price: plan legacy in USD`,
    );
    expect(await world.metric('lifecycle_billing_skipped_total', { sweep: 'renewal-reminders', reason: 'no_price' })).toBe(1);
  });

  it('takes list prices from config/plans.yaml over the defaults', async () => {
    const prices = parsePlansFile('prices:\n  team: { USD: 3100 }\n  legacy: { USD: 1000 }\n', 'plans.yaml');
    const team = await world.factories.newCompany({ periodEndsAt: at(3 * DAY) });
    const starter = await world.factories.newCompany({ periodEndsAt: at(3 * DAY), plan: 'starter' });
    await world.sweeps({ prices }).renewalReminders.execute(tick('renewal-reminders', NOW));
    const amounts = new Map((await world.outbox()).map((r) => [r.aggregate, (r.payload.data as { amount: number }).amount]));
    expect(amounts.get(`subscription:${team.subscription!.id}`)).toBe(3100);
    expect(amounts.get(`subscription:${starter.subscription!.id}`)).toBe(DEFAULT_PRICE_LIST.starter.USD);
  });

  it('ships config/plans.yaml with the built-in prices, so the file documents them', () => {
    const path = join(__dirname, '..', '..', 'config', 'plans.yaml');
    expect(loadPriceList({ path, explicit: true }, (file) => readFileSync(file, 'utf8'))).toEqual(DEFAULT_PRICE_LIST);
  });
});
