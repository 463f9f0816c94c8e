import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '@lifecycle/contracts';
import type { ServiceProcess } from '@lifecycle/local-infra';
import { replayLifecycle } from './checkers/lifecycle-model';
import { expectedSlots } from './checkers/schedule-model';
import { compareCounts, once, tally } from './checkers/tally';
import { ChaosWorld, type AppName } from './support/chaos-world';
import { clockControl } from './support/clock-control';
import { waitForQuiescence } from './support/quiescence';
import { pick, seededRandom } from './support/random';
import { recordResult } from './support/results';
import { seedCompanies, type CompanySeed } from './support/seed';

const START = new Date('2026-12-01T00:00:00Z');
const DAYS = Number(process.env.CHAOS_DAYS ?? 45);
const COMPANIES = Number(process.env.CHAOS_COMPANIES ?? 1_000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
// health is not part of this scenario: its schedules (96 workspace-health slots a day) only slow the clock down
const HEALTH_SCHEDULES = ['workspace-health', 'billing-health', 'email-health', 'database-backup'];
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Companies at random stages: trials ending from 2 days before the start to 40 days after, paid periods, and the rest. */
function stages(random: () => number): CompanySeed[] {
  const minuteIn = (fromDays: number, toDays: number) =>
    new Date(START.getTime() + Math.floor((fromDays * DAY + random() * (toDays - fromDays) * DAY) / MINUTE) * MINUTE);
  return Array.from({ length: COMPANIES }, (): CompanySeed => {
    const roll = random();
    const base = {
      plan: pick(random, ['starter', 'team', 'enterprise'] as const),
      currency: pick(random, ['USD', 'EUR', 'TRY'] as const),
      admin: random() > 0.05,
      workspaces: Math.floor(random() * 4),
      workspacesRunning: random() > 0.3,
    };
    if (roll < 0.55) {
      const end = minuteIn(-2, 40);
      // one trial in ten started only 2 days before its end: only the 1-day reminder applies
      const length = random() < 0.1 ? 2 * DAY : 14 * DAY;
      return { ...base, status: 'trial', trialStartsAt: new Date(end.getTime() - length), trialEndsAt: end, createdAt: new Date(end.getTime() - length) };
    }
    if (roll < 0.9) {
      const end = minuteIn(1, 44);
      return { ...base, status: 'active', periodStart: new Date(end.getTime() - 30 * DAY), periodEnd: end, cancelAtPeriodEnd: random() < 0.15, createdAt: new Date(end.getTime() - 90 * DAY) };
    }
    return { ...base, status: pick(random, ['cancelled', 'suspended', 'expired']), createdAt: new Date(START.getTime() - 100 * DAY) };
  });
}

describe(`scenario 5: two replicas each of clock, billing, notifier and workspace-guard over ${DAYS} simulated days`, () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('05-replicas');
  });

  afterAll(() => world?.dispose());

  it(`sends exactly the expected mails and makes exactly the expected changes for ${COMPANIES} companies, with ${KILLS} random kills`, async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    process.stdout.write(`\n[chaos] scenario 5 with CHAOS_SEED=${SEED}\n`);
    const companies = await seedCompanies(world.pool, stages(random));
    const end = new Date(START.getTime() + DAYS * DAY);
    const expected = replayLifecycle(companies, START, end);

    const schedulesFile = join(world.logDir, 'schedules.yaml');
    writeFileSync(schedulesFile, `schedules:\n${HEALTH_SCHEDULES.map((name) => `  ${name}: { enabled: false }\n`).join('')}`);
    const env = { CLOCK_MODE: 'simulated', CLOCK_START: START.toISOString(), MAILJET_LOOKUP_GRACE: '10s', SCHEDULES_FILE: schedulesFile };
    const apps: AppName[] = ['clock', 'billing', 'notifier', 'workspace-guard'];
    const replicas = new Map<AppName, ServiceProcess[]>();
    for (const app of apps) {
      const pair = await Promise.all([1, 2].map((n) => world.start({ app, name: `${app}-${n}`, env: { ...env, CLOCK_REPLICA_ID: `${app}-${n}` } })));
      replicas.set(app, pair);
    }

    // One day per step, each ending just after the day's trial-reminders slot (09:00), then the pipeline
    // settles. Ticks of one step are handled concurrently, and a reminder tick held up by a crash
    // (ack_wait, 30 s) would otherwise be handled after a later expiry tick of the same step and find the
    // trial already expired (docs/reliability.md, "Simulated time and crashes").
    const targets: Date[] = [];
    for (let t = START.getTime() + 9.5 * 3_600_000; t < end.getTime(); t += DAY) targets.push(new Date(t));
    targets.push(end);
    // kills at random steps, of a random replica of a random app, during the step's processing
    const killSteps = new Set<number>();
    while (killSteps.size < Math.min(KILLS, targets.length - 1)) killSteps.add(1 + Math.floor(random() * (targets.length - 1)));
    const kills: string[] = [];
    const stepSeconds: number[] = [];
    for (const [step, at] of targets.entries()) {
      const stepStarted = Date.now();
      const target = at.toISOString();
      const move = clockControl(world.nc, world.namespace, 'set', { at: target }, 8_000);
      if (killSteps.has(step)) {
        const app = pick(random, apps);
        const victim = pick(random, replicas.get(app)!);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1_500)));
        await victim.kill('SIGKILL');
        kills.push(`${target.slice(0, 10)}: ${victim.name}`);
        // restarted at once, as systemd's Restart=always would
        victim.spawn();
        await victim.waitReady();
      }
      const moveStarted = Date.now();
      let reply = await move;
      const moveSeconds = (Date.now() - moveStarted) / 1000;
      // a clock killed while answering leaves no reply: set the same time again (docs/clock.md)
      for (let attempt = 0; !reply?.ok && attempt < 3; attempt++) reply = await clockControl(world.nc, world.namespace, 'set', { at: target }, 30_000);
      if (!reply?.ok) throw new Error(`the clock did not move to ${target}: ${JSON.stringify(reply)}`);
      await waitForQuiescence(world, 120_000);
      stepSeconds.push((Date.now() - stepStarted) / 1000);
      if (process.env.CHAOS_VERBOSE) process.stdout.write(`[chaos] ${target}: clock ${moveSeconds.toFixed(1)} s, step ${stepSeconds.at(-1)!.toFixed(1)} s\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const violations: string[] = [];
    // mails: exactly the expected facts, once each, to the admin
    const wantMails = once(expected.events.map((e) => e.id));
    violations.push(...compareCounts('mails at Mailjet by CustomID', wantMails, tally(world.mailjet.accepted, (m) => m.customId)));
    const misaddressed = expected.events.filter((e) => world.mailjet.message(e.id) && world.mailjet.message(e.id)!.to !== e.recipient);
    if (misaddressed.length) violations.push(`${misaddressed.length} mails to the wrong address`);
    // facts on the stream: exactly the expected ones
    const lifecycle = await world.envelopes('LIFECYCLE');
    violations.push(...compareCounts('LIFECYCLE events by id', wantMails, tally(lifecycle, (e) => e.id)));
    // state changes
    const { rows: subs } = await world.pool.query<{ id: number; status: string }>(`SELECT id, status FROM subscriptions`);
    const wrongStatus = subs.filter((s) => expected.status.get(s.id) !== s.status);
    if (wrongStatus.length) violations.push(`${wrongStatus.length} subscriptions in another status than expected, e.g. ${JSON.stringify(wrongStatus.slice(0, 3))}`);
    const { rows: audits } = await world.pool.query<{ resource_id: number }>(`SELECT resource_id FROM audit_logs WHERE action_type = 'subscription_expired'`);
    violations.push(...compareCounts('subscription_expired audit rows', once(expected.expired.map((c) => c.subscriptionId)), tally(audits, (a) => a.resource_id)));
    const { rows: workspaces } = await world.pool.query<{ id: number; status: string; is_running: boolean }>(`SELECT id, status, is_running FROM workspaces`);
    const byId = new Map(workspaces.map((w) => [w.id, w]));
    const expiredCompanies = new Set(expected.expired.map((c) => c.companyId));
    const wrongWorkspaces = companies.flatMap((c) =>
      c.workspaceIds.filter((id) => {
        const w = byId.get(id)!;
        return expiredCompanies.has(c.companyId) ? w.status !== 'suspended' || w.is_running : w.status !== 'active' || w.is_running !== c.workspacesRunning;
      }),
    );
    if (wrongWorkspaces.length) violations.push(`${wrongWorkspaces.length} workspaces in an unexpected state, e.g. ${wrongWorkspaces.slice(0, 5)}`);
    const stopped = (await world.envelopes<Envelope<'workspace.stopped'>>('WORKSPACE')).filter((e) => e.type === 'workspace.stopped');
    violations.push(...compareCounts('workspace.stopped by workspace', once(expected.expired.flatMap((c) => c.workspaceIds)), tally(stopped, (e) => e.data.workspaceId)));
    // the clock: every slot once
    const ticks = await world.envelopes('CLOCK');
    const slots = expectedSlots(START, end).filter((slot) => !HEALTH_SCHEDULES.includes(slot.schedule));
    violations.push(...compareCounts('ticks by id', once(slots.map((s) => s.id)), tally(ticks, (t) => t.id)));
    const dlq = await world.stream('DLQ');
    if (dlq.length) violations.push(`${dlq.length} dead letters: ${dlq.slice(0, 3).map((m) => m.subject)}`);
    expect(violations).toEqual([]);

    const byType = tally(expected.events, (e) => e.type);
    recordResult({
      scenario: `5 two replicas each, ${DAYS} simulated days`,
      injected: `${kills.length} SIGKILLs during a day's processing, each restarted at once: ${kills.join(', ')}`,
      operations: {
        seed: SEED,
        companies: COMPANIES,
        days: DAYS,
        ticks: ticks.length,
        mails: world.mailjet.accepted.length,
        ...Object.fromEntries(byType),
        expired: expected.expired.length,
        workspacesStopped: stopped.length,
        steps: stepSeconds.length,
        slowestStepSeconds: Math.max(...stepSeconds),
      },
      checks: ['mail CustomIDs = the independent replay of the rules, once each, to the admin', 'LIFECYCLE event ids = the replay', 'every subscription status as replayed', 'one audit row per expiry', 'workspaces of expired trials suspended, the others unchanged', 'one workspace.stopped per suspended workspace', 'every clock slot once', 'no dead letters'],
      durationMs: Date.now() - started,
      notes: [`seconds per step: ${stepSeconds.map((s) => s.toFixed(1)).join(' ')}`],
    });
  });
});
