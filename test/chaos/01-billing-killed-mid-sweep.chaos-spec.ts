import { checkTrialExpiry, expectExpiry } from './checkers/trial-expiry.checker';
import { ChaosWorld } from './support/chaos-world';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';
import { seedCompanies, type CompanySeed } from './support/seed';
import { tickEnvelope } from './support/ticks';

const SLOT = '2026-12-01T10:00:00Z';
const AT = new Date(SLOT);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TRIALS = Number(process.env.CHAOS_TRIALS ?? 20_000);
// fractions of the sweep at which billing is killed; each kill costs an ack_wait (30 s) before the tick comes back
const KILL_AT = (process.env.CHAOS_EXPIRY_KILLS_AT ?? '0.3').split(',').map(Number);

function seeds(): CompanySeed[] {
  const created = new Date(AT.getTime() - 30 * DAY);
  const trial = (endsAt: Date, admin = true): CompanySeed => ({
    status: 'trial',
    trialStartsAt: new Date(endsAt.getTime() - 14 * DAY),
    trialEndsAt: endsAt,
    createdAt: created,
    admin,
    workspaces: 1,
    workspacesRunning: true,
  });
  return [
    // ended between 5 days and 1 minute before the slot: each must expire
    ...Array.from({ length: TRIALS }, (_, i) => trial(new Date(AT.getTime() - 60_000 - ((i * 7919) % TRIALS) * ((5 * DAY) / TRIALS)))),
    // still running, ending after the slot (one exactly at it: not "< now")
    ...Array.from({ length: 300 }, (_, i) => trial(new Date(AT.getTime() + i * HOUR))),
    // ended, but no admin to tell: skipped, left alone
    ...Array.from({ length: 40 }, (_, i) => trial(new Date(AT.getTime() - (i + 1) * HOUR), false)),
    // paying customers
    ...Array.from({ length: 100 }, (): CompanySeed => ({
      status: 'active',
      periodStart: new Date(AT.getTime() - 20 * DAY),
      periodEnd: new Date(AT.getTime() + 10 * DAY),
      createdAt: created,
      admin: true,
      workspaces: 2,
      workspacesRunning: true,
    })),
  ];
}

describe('scenario 1: billing killed (SIGKILL) in the middle of a trial-expiry sweep', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('01-billing-kill');
  });

  afterAll(() => world?.dispose());

  it(`expires each of ${TRIALS} ended trials once, with one trial.expired, one final mail and its workspaces stopped`, async () => {
    const started = Date.now();
    const seeded = await seedCompanies(world.pool, seeds());
    const expected = expectExpiry(seeded, AT);
    expect(expected.expire).toHaveLength(TRIALS);

    await world.start({ app: 'notifier' });
    // two guards: each handles at most 4 companies at once (one database connection each), and 20,000 wait
    await world.start({ app: 'workspace-guard', name: 'workspace-guard-1', env: { LOG_LEVEL: 'warn' } });
    await world.start({ app: 'workspace-guard', name: 'workspace-guard-2', env: { LOG_LEVEL: 'warn' } });
    const billing = await world.start({ app: 'billing', env: { SWEEP_BATCH_SIZE: '50' } });
    await world.publish([tickEnvelope('trial-expiry', SLOT)]);

    const expiredCount = () => world.count(`SELECT count(*) FROM subscriptions WHERE status = 'expired'`);
    const killedAt: number[] = [];
    const phases: Record<string, number> = {};
    const phase = (name: string) => (phases[name] = Math.round((Date.now() - started) / 1000));
    phase('seeded and started');
    for (const fraction of KILL_AT) {
      await eventually(expiredCount, (n) => n >= TRIALS * fraction, 240_000, `${fraction * 100}% expired`, 20);
      await billing.kill('SIGKILL');
      killedAt.push(await expiredCount());
      phase(`kill ${killedAt.length}`);
      // the unacknowledged tick comes back to the restarted process after ack_wait (30 s)
      billing.spawn();
      await billing.waitReady();
    }
    expect(killedAt.every((n) => n < TRIALS)).toBe(true);

    await eventually(expiredCount, (n) => n === TRIALS, 240_000, 'every ended trial expired');
    phase('all expired');
    await eventually(async () => world.mailjet.accepted.length, (n) => n >= TRIALS, 300_000, `${TRIALS} mails at the fake Mailjet`, 500);
    phase('all mailed');
    await eventually(
      () => world.count(`SELECT count(*) FROM workspaces WHERE status = 'suspended'`),
      (n) => n >= TRIALS,
      300_000,
      'every workspace of an expired trial suspended',
      500,
    );
    phase('all workspaces suspended');
    await eventually(() => world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`), (n) => n === 0, 120_000, 'the outbox drained');
    // let anything that would arrive twice arrive
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const violations = await checkTrialExpiry(world, expected);
    expect(violations).toEqual([]);
    recordResult({
      scenario: '1 billing kill -9 mid-sweep',
      injected: `SIGKILL of billing at ${killedAt.join(' and ')} of ${TRIALS} expired, restarted at once each time`,
      operations: {
        trials: TRIALS,
        controls: expected.keep.length,
        kills: killedAt.length,
        billingRuns: billing.runs,
        mails: world.mailjet.accepted.length,
        mailjetRequests: world.mailjet.sendRequests().length,
      },
      checks: ['status expired once', 'one audit row', 'one trial.expired per subscription and per id', 'one mail per event id to the admin', 'one email_logs row sent', 'workspaces suspended, one workspace.stopped each', 'controls untouched', 'outbox drained', 'no dead letters'],
      durationMs: Date.now() - started,
      notes: [`seconds from the start: ${JSON.stringify(phases)}`],
    });
  });
});
