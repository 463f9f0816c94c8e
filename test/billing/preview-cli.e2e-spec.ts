import { trialExpiredId } from '@lifecycle/contracts';
import { lifecyclectl } from '../cli';
import { BillingWorld, HOUR, plus } from './billing-world';

const NOW = '2026-12-01T10:00:00Z';

describe('lifecyclectl preview (the real binary)', () => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.create();
  });

  afterAll(() => world.dispose());

  it('prints what the tick would do, as text or JSON, and changes nothing', async () => {
    const ended = await world.factories.newCompany({ trialEndsAt: plus(NOW, -HOUR), admin: { email: 'owner@acme.example' } });
    const env = { DATABASE_URL: world.db.url };

    const text = await lifecyclectl(['preview', 'trial-expiry', '--at', NOW], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const eventId = trialExpiredId(ended.subscription!.id, plus(NOW, -HOUR));
    expect(text.stdout).toContain(`  trial.expired  ${eventId}  company ${ended.company.id} ${ended.company.name}  owner@acme.example`);
    expect(text.stdout).toContain('would expire 1 subscription(s):');

    const json = await lifecyclectl(['preview', 'trial-expiry', '--at', NOW, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ tickId: `trial-expiry@${NOW}`, expired: [{ subscriptionId: ended.subscription!.id }], summary: { expired: 1 } });

    expect((await world.statuses()).get(ended.subscription!.id)).toBe('trial');
    expect(await world.outbox()).toEqual([]);
    expect(await world.auditRows()).toEqual([]);
  });

  it('previews payment-retry as text and JSON', async () => {
    const env = { DATABASE_URL: world.db.url, PAYMENT_GATEWAY: 'paytr' };
    const text = await lifecyclectl(['preview', 'payment-retry', '--at', NOW], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain(`preview of payment-retry@${NOW} with PAYMENT_GATEWAY=paytr (rolled back: nothing was changed, nothing charged)`);
    const json = await lifecyclectl(['preview', 'payment-retry', '--at', NOW, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ schedule: 'payment-retry', at: NOW, gateway: 'paytr', retries: [] });
  });

  it('refuses a schedule it cannot preview, saying why, and a bad --at', async () => {
    const health = await lifecyclectl(['preview', 'billing-health'], { DATABASE_URL: world.db.url });
    expect(health.code).toBe(1);
    expect(health.stderr).toContain('cannot preview "billing-health": a health check only reads and compares');
    const unknown = await lifecyclectl(['preview', 'payday'], { DATABASE_URL: world.db.url });
    expect(unknown.stderr).toContain('cannot preview "payday"; choose from trial-reminders, trial-expiry, renewal-reminders, payment-retry');
    const bad = await lifecyclectl(['preview', 'trial-expiry', '--at', 'tomorrow'], { DATABASE_URL: world.db.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--at "tomorrow" is not an ISO-8601 time');
  });
});
