import { checkTrialExpiry, expectExpiry } from './checkers/trial-expiry.checker';
import { ChaosWorld } from './support/chaos-world';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';
import { seedCompanies, type CompanySeed } from './support/seed';
import { tickEnvelope } from './support/ticks';

const SLOT = '2026-12-01T10:00:00Z';
const AT = new Date(SLOT);
const DAY = 86_400_000;
const TRIALS = Number(process.env.CHAOS_OUTAGE_TRIALS ?? 3_000);
const OUTAGE_MS = 20_000;

function seeds(): CompanySeed[] {
  const created = new Date(AT.getTime() - 30 * DAY);
  return [
    ...Array.from({ length: TRIALS }, (_, i): CompanySeed => {
      const endsAt = new Date(AT.getTime() - 60_000 - (i % 97) * 3_600_000);
      return { status: 'trial', trialStartsAt: new Date(endsAt.getTime() - 14 * DAY), trialEndsAt: endsAt, createdAt: created, admin: true, workspaces: 1 + (i % 2), workspacesRunning: true };
    }),
    ...Array.from({ length: 100 }, (_, i): CompanySeed => ({
      status: 'trial',
      trialStartsAt: AT,
      trialEndsAt: new Date(AT.getTime() + (i + 1) * 3_600_000),
      createdAt: created,
      admin: true,
      workspaces: 1,
      workspacesRunning: true,
    })),
  ];
}

describe('scenario 2: nats-server down for 20 s during a sweep and again during mail sending', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('02-nats-outage', { mailjetLatencyMs: 40 });
  });

  afterAll(() => world?.dispose());

  it('loses and doubles nothing: each trial expired, announced, mailed and stopped once', async () => {
    const started = Date.now();
    const expected = expectExpiry(await seedCompanies(world.pool, seeds()), AT);
    expect(expected.expire).toHaveLength(TRIALS);
    await world.start({ app: 'notifier', env: { MAILJET_LOOKUP_GRACE: '10s' } });
    await world.start({ app: 'workspace-guard' });
    await world.start({ app: 'billing', env: { SWEEP_BATCH_SIZE: '10' } });
    await world.publish([tickEnvelope('trial-expiry', SLOT)]);

    const injected: string[] = [];
    const expired = () => world.count(`SELECT count(*) FROM subscriptions WHERE status = 'expired'`);
    await eventually(expired, (n) => n >= TRIALS * 0.2, 120_000, '20% expired', 20);
    injected.push(`SIGTERM at ${await expired()} of ${TRIALS} expired (sweep under way)`);
    await world.nats.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const expiredWhileDown = await expired();
    await world.nats.start();

    const mailed = () => Promise.resolve(world.mailjet.accepted.length);
    await eventually(mailed, (n) => n >= TRIALS * 0.3, 180_000, '30% mailed', 10);
    injected.push(`SIGKILL at ${world.mailjet.accepted.length} of ${TRIALS} mailed`);
    await world.nats.kill();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const mailedWhileDown = world.mailjet.accepted.length;
    await world.nats.start();

    await eventually(mailed, (n) => n >= TRIALS, 240_000, 'every final mail', 250);
    const workspaces = expected.expire.reduce((sum, s) => sum + s.workspaceIds.length, 0);
    await eventually(() => world.count(`SELECT count(*) FROM workspaces WHERE status = 'suspended'`), (n) => n >= workspaces, 240_000, 'every workspace suspended');
    await eventually(() => world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`), (n) => n === 0, 120_000, 'the outbox drained');
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    expect(await checkTrialExpiry(world, expected)).toEqual([]);
    expect(world.services.map((s) => ({ name: s.name, runs: s.runs, running: s.running }))).toEqual(
      world.services.map((s) => ({ name: s.name, runs: 1, running: true })),
    );
    recordResult({
      scenario: '2 NATS down 20 s, twice',
      injected: `nats-server ${injected.join('; then ')}; each time 20 s down, restarted on the same store (sync_interval always: ${world.nats.syncAlways}, nats-server ${world.nats.version})`,
      operations: { trials: TRIALS, workspaces, mails: world.mailjet.accepted.length, expiredWhileNatsDown: expiredWhileDown, mailedBeforeSecondOutageEnded: mailedWhileDown },
      checks: ['the trial-expiry checker of scenario 1 (status, audit, trial.expired, mails, email_logs, notification.email.sent, workspaces, workspace.stopped, controls, outbox, DLQ)', 'no service restarted'],
      durationMs: Date.now() - started,
    });
  });
});
