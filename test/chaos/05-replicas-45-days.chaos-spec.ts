import type { ServiceProcess } from '@lifecycle/local-infra';
import { replayLifecycle } from './checkers/lifecycle-model';
import { tally } from './checkers/tally';
import { ChaosWorld, type AppName } from './support/chaos-world';
import { dailyTargets, DAY, HEALTH_SCHEDULES, LIFECYCLE_CHECKS, lifecycleViolations, randomStages, schedulesWithout, setClock } from './support/lifecycle-run';
import { waitForQuiescence } from './support/quiescence';
import { pick, seededRandom } from './support/random';
import { recordResult } from './support/results';
import { seedCompanies } from './support/seed';

const START = new Date('2026-12-01T00:00:00Z');
const DAYS = Number(process.env.CHAOS_DAYS ?? 45);
const COMPANIES = Number(process.env.CHAOS_COMPANIES ?? 1_000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);

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
    const companies = await seedCompanies(world.pool, randomStages(random, COMPANIES, START, DAYS));
    const end = new Date(START.getTime() + DAYS * DAY);
    const expected = replayLifecycle(companies, START, end);

    const schedulesFile = schedulesWithout(world, HEALTH_SCHEDULES);
    const env = { CLOCK_MODE: 'simulated', CLOCK_START: START.toISOString(), MAILJET_LOOKUP_GRACE: '10s', SCHEDULES_FILE: schedulesFile };
    const apps: AppName[] = ['clock', 'billing', 'notifier', 'workspace-guard'];
    const replicas = new Map<AppName, ServiceProcess[]>();
    for (const app of apps) {
      const pair = await Promise.all([1, 2].map((n) => world.start({ app, name: `${app}-${n}`, env: { ...env, CLOCK_REPLICA_ID: `${app}-${n}` } })));
      replicas.set(app, pair);
    }

    const targets = dailyTargets(START, end);
    // kills at random steps, of a random replica of a random app, during the step's processing
    const killSteps = new Set<number>();
    while (killSteps.size < Math.min(KILLS, targets.length - 1)) killSteps.add(1 + Math.floor(random() * (targets.length - 1)));
    const kills: string[] = [];
    const stepSeconds: number[] = [];
    for (const [step, at] of targets.entries()) {
      const stepStarted = Date.now();
      const target = at.toISOString();
      const move = setClock(world, at);
      move.catch(() => undefined);
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
      await move;
      const moveSeconds = (Date.now() - moveStarted) / 1000;
      await waitForQuiescence(world, 120_000);
      stepSeconds.push((Date.now() - stepStarted) / 1000);
      if (process.env.CHAOS_VERBOSE) process.stdout.write(`[chaos] ${target}: clock ${moveSeconds.toFixed(1)} s, step ${stepSeconds.at(-1)!.toFixed(1)} s\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const { violations, ticks, stopped } = await lifecycleViolations(world, { companies, expected, start: START, end, skipped: HEALTH_SCHEDULES });
    expect(violations).toEqual([]);

    const byType = tally(expected.events, (e) => e.type);
    recordResult({
      scenario: `5 two replicas each, ${DAYS} simulated days`,
      injected: `${kills.length} SIGKILLs during a day's processing, each restarted at once: ${kills.join(', ')}`,
      operations: {
        seed: SEED,
        companies: COMPANIES,
        days: DAYS,
        ticks,
        mails: world.mailjet.accepted.length,
        ...Object.fromEntries(byType),
        expired: expected.expired.length,
        workspacesStopped: stopped,
        steps: stepSeconds.length,
        slowestStepSeconds: Math.max(...stepSeconds),
      },
      checks: LIFECYCLE_CHECKS,
      durationMs: Date.now() - started,
      notes: [`seconds per step: ${stepSeconds.map((s) => s.toFixed(1)).join(' ')}`],
    });
  });
});
