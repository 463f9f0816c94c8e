import { renewalUpcomingId, trialExpiredId, trialExpiringId, type RenewalReminderDays, type TrialReminderDays } from '@lifecycle/contracts';
import { BillingWorld, DAY, HOUR, plus, tick } from './billing-world';

const START = new Date('2026-12-01T00:00:00Z');
const DAYS = 30;

interface Modelled {
  companyId: number;
  subscriptionId: number;
  status: 'trial' | 'active' | 'expired';
  endsAt: Date;
  startedAt: Date;
  hasAdmin: boolean;
  cancelAtPeriodEnd: boolean;
  /** Days after START (at 12:00) the platform extends the trial by `extendBy`. */
  extendOn: number | null;
  extendBy: number;
}

type Happening = { at: Date; kind: 'trial-reminders' | 'trial-expiry' | 'renewal-reminders' } | { at: Date; kind: 'extend'; company: Modelled };

/**
 * An independent day-by-day model of what billing should do, in hours left rather than windows:
 * a d-day mail goes out at a 09:00/10:00 tick when at most d days and 12 hours are left, the
 * subscription had run for at least d days by then, and no smaller such milestone exists.
 */
function expectedReminder(hoursLeft: number, hoursLived: number, milestones: number[]): number | null {
  if (hoursLeft <= 0) return null;
  const eligible = milestones.filter((d) => hoursLived >= 24 * d && hoursLeft <= 24 * d + 12);
  return eligible.length ? Math.min(...eligible) : null;
}

describe('a 30-day simulated run over 200 companies', () => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.create();
  });

  afterAll(() => world.dispose());

  it('yields, per company, exactly the reminders and expiries the model predicts', async () => {
    const companies: Modelled[] = [];
    for (let i = 0; i < 200; i++) {
      const paid = i >= 160;
      const endsAt = paid ? plus(START, ((i * 53) % (32 * 24)) * HOUR + 10 * 60_000) : plus(START, (((i * 37) % 888) - 48) * HOUR + 7 * 60_000);
      const hasAdmin = i % 17 !== 0;
      const created = await world.factories.newCompany({
        ...(paid ? { periodEndsAt: endsAt, cancelAtPeriodEnd: i % 6 === 0 } : { trialEndsAt: endsAt }),
        admin: hasAdmin ? {} : false,
        currency: (['USD', 'EUR', 'TRY'] as const)[i % 3],
      });
      let startedAt = paid ? new Date(endsAt.getTime() - 30 * DAY) : new Date(endsAt.getTime() - 14 * DAY);
      if (!paid && i % 10 === 3) {
        startedAt = new Date(endsAt.getTime() - 2 * DAY - (i % 4) * HOUR);
        await world.setTrial(created.subscription!.id, { startsAt: startedAt });
      } else if (!paid && i % 10 === 7) {
        startedAt = new Date(endsAt.getTime() - 4 * DAY);
        await world.setTrial(created.subscription!.id, { startsAt: null, createdAt: startedAt });
      }
      companies.push({
        companyId: created.company.id,
        subscriptionId: created.subscription!.id,
        status: paid ? 'active' : 'trial',
        endsAt,
        startedAt,
        hasAdmin,
        cancelAtPeriodEnd: paid && i % 6 === 0,
        extendOn: !paid && i % 9 === 4 ? i % 20 : null,
        extendBy: 3 + (i % 5),
      });
    }

    const happenings: Happening[] = [];
    for (let day = 0; day < DAYS; day++) {
      const midnight = plus(START, day * DAY);
      for (let h = 0; h < 24; h += 2) happenings.push({ at: plus(midnight, h * HOUR), kind: 'trial-expiry' });
      happenings.push({ at: plus(midnight, 9 * HOUR), kind: 'trial-reminders' });
      happenings.push({ at: plus(midnight, 10 * HOUR), kind: 'renewal-reminders' });
      for (const company of companies.filter((c) => c.extendOn === day)) happenings.push({ at: plus(midnight, 12 * HOUR), kind: 'extend', company });
    }
    happenings.sort((a, b) => a.at.getTime() - b.at.getTime());

    const expected = new Map<number, string[]>(companies.map((c) => [c.companyId, []]));
    const sweeps = world.sweeps({ batchSize: 37 });
    for (const happening of happenings) {
      const { at } = happening;
      if (happening.kind === 'extend') {
        const c = happening.company;
        if (c.status !== 'trial') continue;
        c.endsAt = plus(c.endsAt, c.extendBy * DAY);
        await world.setTrial(c.subscriptionId, { endsAt: c.endsAt });
        continue;
      }
      for (const c of companies.filter((c) => c.hasAdmin)) {
        const hoursLeft = (c.endsAt.getTime() - at.getTime()) / HOUR;
        const hoursLived = (c.endsAt.getTime() - c.startedAt.getTime()) / HOUR;
        const ids = expected.get(c.companyId)!;
        if (happening.kind === 'trial-expiry' && c.status === 'trial' && hoursLeft < 0) {
          c.status = 'expired';
          ids.push(trialExpiredId(c.subscriptionId, c.endsAt));
        }
        if (happening.kind === 'trial-reminders' && c.status === 'trial') {
          const d = expectedReminder(hoursLeft, hoursLived, [7, 3, 1]);
          const id = d && trialExpiringId(c.subscriptionId, d as TrialReminderDays, c.endsAt);
          if (id && !ids.includes(id)) ids.push(id);
        }
        if (happening.kind === 'renewal-reminders' && c.status === 'active' && !c.cancelAtPeriodEnd) {
          const d = expectedReminder(hoursLeft, hoursLived, [7, 3]);
          const id = d && renewalUpcomingId(c.subscriptionId, d as RenewalReminderDays, c.endsAt);
          if (id && !ids.includes(id)) ids.push(id);
        }
      }
      world.clock.set(plus(at, 90_000));
      await sweeps.run(happening.kind, tick(happening.kind, at));
    }

    const actual = new Map<number, string[]>(companies.map((c) => [c.companyId, []]));
    for (const row of await world.outbox()) actual.get((row.payload.data as { companyId: number }).companyId)!.push(row.event_id);
    expect(actual).toEqual(expected);

    const statuses = await world.statuses();
    expect(companies.map((c) => [c.companyId, statuses.get(c.subscriptionId)])).toEqual(companies.map((c) => [c.companyId, c.status]));
    const audit = await world.auditRows();
    expect(audit.map((a) => a.resource_id).sort((a, b) => a - b)).toEqual(
      companies.filter((c) => c.status === 'expired').map((c) => c.subscriptionId).sort((a, b) => a - b),
    );

    // the run is only meaningful if it exercised every path
    const all = [...expected.values()].flat();
    const count = (pattern: RegExp) => all.filter((id) => pattern.test(id)).length;
    const rearmed = companies.filter((c) => c.extendOn !== null && new Set(expected.get(c.companyId)!.map((id) => id.split(':').slice(3).join(':'))).size > 1);
    const stats = {
      expiring7: count(/^trial\.expiring:.*:7d:/),
      expiring3: count(/^trial\.expiring:.*:3d:/),
      expiring1: count(/^trial\.expiring:.*:1d:/),
      expired: count(/^trial\.expired:/),
      renewal7: count(/^renewal\.upcoming:.*:7d:/),
      renewal3: count(/^renewal\.upcoming:.*:3d:/),
      rearmed: rearmed.length,
      adminless: companies.filter((c) => !c.hasAdmin).length,
    };
    for (const [name, n] of Object.entries(stats)) expect([name, n > 5]).toEqual([name, true]);
  });
});
