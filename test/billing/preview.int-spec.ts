import { billingSettings } from '@lifecycle/billing';
import { trialExpiredId, trialExpiringId } from '@lifecycle/contracts';
import { formatPreview, previewSweep } from '../../tools/cli/preview.command';
import { BillingWorld, DAY, HOUR, plus } from './billing-world';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('lifecyclectl preview', () => {
  let world: BillingWorld;

  beforeEach(async () => {
    world = await BillingWorld.create();
  });

  afterEach(() => world.dispose());

  async function snapshot() {
    const { rows } = await world.pool.query(
      `SELECT (SELECT json_agg(json_build_array(id, status, updated_at) ORDER BY id) FROM subscriptions) AS subscriptions,
              (SELECT count(*)::int FROM audit_logs) AS audit,
              (SELECT count(*)::int FROM outbox_events) AS outbox`,
    );
    return rows[0];
  }

  it('shows what each tick would emit and expire, and changes nothing', async () => {
    const due = await world.factories.newCompany({ trialEndsAt: plus(NOW, 3 * DAY), admin: { email: 'owner@acme.example' } });
    const ended = await world.factories.newCompany({ trialEndsAt: plus(NOW, -HOUR) });
    const adminless = await world.factories.newCompany({ trialEndsAt: plus(NOW, -HOUR), admin: false });
    await world.factories.newCompany({ periodEndsAt: plus(NOW, 7 * DAY) });
    const before = await snapshot();

    const reminders = await previewSweep(world.dataSource, 'trial-reminders', NOW, billingSettings());
    const expiry = await previewSweep(world.dataSource, 'trial-expiry', NOW, billingSettings());
    const renewals = await previewSweep(world.dataSource, 'renewal-reminders', NOW, billingSettings());

    expect(await snapshot()).toEqual(before);
    expect(before.outbox).toBe(0);
    const { rows: locks } = await world.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(locks[0].n).toBe(0);

    expect(reminders.events).toEqual([
      {
        subject: 'trial.expiring',
        eventId: trialExpiringId(due.subscription!.id, 3, plus(NOW, 3 * DAY)),
        companyId: due.company.id,
        companyName: due.company.name,
        adminEmail: 'owner@acme.example',
      },
    ]);
    expect(expiry.expired).toEqual([{ subscriptionId: ended.subscription!.id, companyId: ended.company.id, trialEndedAt: '2026-12-01T09:00:00Z' }]);
    expect(expiry.events.map((e) => e.eventId)).toEqual([trialExpiredId(ended.subscription!.id, plus(NOW, -HOUR))]);
    expect(expiry.warnings).toEqual([
      `trial-expiry: skipped subscription ${adminless.subscription!.id} (company ${adminless.company.id}), the company has no active admin`,
    ]);
    expect(renewals.events.map((e) => e.subject)).toEqual(['renewal.upcoming']);

    const text = formatPreview(expiry);
    expect(text).toContain('preview of trial-expiry@2026-12-01T10:00:00Z (rolled back: nothing was changed)');
    expect(text).toContain(`  subscription ${ended.subscription!.id} (company ${ended.company.id}), trial ended 2026-12-01T09:00:00Z`);
    expect(text).toContain('totals: 1 to emit, 1 to expire, 0 already sent, 1 scanned, skipped: no_admin 1');

    // the real sweep afterwards does exactly what the preview said
    const summary = await world.sweeps().trialExpiry.execute({ now: NOW, tickId: expiry.tickId });
    expect(summary).toMatchObject({ expired: 1, emitted: 1 });
    expect(await world.outboxIds()).toEqual(expiry.events.map((e) => e.eventId));
  });
});
