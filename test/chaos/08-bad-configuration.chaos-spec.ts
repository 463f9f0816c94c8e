import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, type ServiceProcess } from '@lifecycle/local-infra';
import { ChaosWorld, type AppName } from './support/chaos-world';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';

const APPS: AppName[] = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'];

interface BadConfig {
  app: AppName;
  problem: string;
  env: Record<string, string>;
  /** What the output must say: the variable, file or component, and the cause. */
  names: RegExp[];
}

async function badConfigs(world: ChaosWorld, dir: string): Promise<BadConfig[]> {
  const nobody = `nats://127.0.0.1:${await findFreePort()}`;
  const wrongPassword = world.postgres.databaseUrl('lifecycle').replace('postgres@', 'lifecycle_app:not-the-password@');
  const deadPort = await findFreePort();
  const noDatabase = world.postgres.databaseUrl('lifecycle').replace(`:${world.postgres.port}/`, `:${deadPort}/`);
  const badYaml = join(dir, 'schedules-malformed.yaml');
  writeFileSync(badYaml, 'schedules:\n  trial-expiry: { cron: "0 */2 * *"\n   enabled: [\n');
  const badCron = join(dir, 'schedules-bad-cron.yaml');
  writeFileSync(badCron, 'schedules:\n  trial-expiry: { cron: "0 */2 * *" }\n');
  const badPlans = join(dir, 'plans-malformed.yaml');
  writeFileSync(badPlans, 'plans: [team: {USD: "a lot"}\n');
  return [
    ...APPS.flatMap((app): BadConfig[] => [
      { app, problem: 'unreachable NATS', env: { NATS_URL: nobody }, names: [/NATS/, new RegExp(nobody.replace('nats://', '').replaceAll('.', '\\.'))] },
      { app, problem: 'wrong database password', env: { DATABASE_URL: wrongPassword }, names: [/password authentication failed/, /lifecycle_app/] },
      { app, problem: 'unreachable database', env: { DATABASE_URL: noDatabase }, names: [/PostgreSQL|DATABASE_URL/, new RegExp(`127\\.0\\.0\\.1:${deadPort}`)] },
    ]),
    { app: 'workspace-guard', problem: 'unknown workspace driver', env: { WORKSPACE_DRIVER: 'kubernetes' }, names: [/WORKSPACE_DRIVER/, /database|systemd|docker/] },
    { app: 'notifier', problem: 'unknown mail transport', env: { MAIL_TRANSPORT: 'smtp' }, names: [/MAIL_TRANSPORT/, /mailjet/] },
    { app: 'billing', problem: 'unknown payment gateway', env: { PAYMENT_GATEWAY: 'stripe' }, names: [/PAYMENT_GATEWAY/, /paytr/] },
    { app: 'clock', problem: 'malformed schedules file (YAML)', env: { SCHEDULES_FILE: badYaml }, names: [/schedules-malformed\.yaml/] },
    { app: 'clock', problem: 'schedules file with a bad cron', env: { SCHEDULES_FILE: badCron }, names: [/schedules-bad-cron\.yaml/, /trial-expiry/, /cron/] },
    { app: 'health', problem: 'malformed schedules file (YAML)', env: { SCHEDULES_FILE: badYaml }, names: [/schedules-malformed\.yaml/] },
    { app: 'billing', problem: 'malformed plans file', env: { PLANS_FILE: badPlans }, names: [/plans-malformed\.yaml/] },
    { app: 'health', problem: 'unknown clock mode', env: { CLOCK_MODE: 'lunar' }, names: [/CLOCK_MODE/] },
  ];
}

describe('scenario 8: bad configuration and outages after boot', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('08-bad-config');
    // a role that needs a password, since the private cluster trusts every local connection otherwise
    await world.pool.query(`CREATE ROLE lifecycle_app LOGIN PASSWORD 'the-password' SUPERUSER`);
    const hba = join(world.postgres.dataDir, 'pg_hba.conf');
    writeFileSync(hba, `host all lifecycle_app 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
    await world.pool.query(`SELECT pg_reload_conf()`);
  });

  afterAll(() => world?.dispose());

  it('refuses to start with a non-zero exit and a message naming the problem', async () => {
    const started = Date.now();
    const cases = await badConfigs(world, world.logDir);
    const outcomes: string[] = [];
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 3) {
      await Promise.all(
        cases.slice(i, i + 3).map(async (c, j) => {
          const service = await world.start({ app: c.app, name: `${c.app}-bad-${i + j}`, env: c.env }, { ready: false });
          let timer: NodeJS.Timeout | undefined;
          const exit = await Promise.race([
            service.exited(),
            new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 45_000))),
          ]);
          clearTimeout(timer);
          if (exit === 'still running') await service.kill();
          const output = service.output();
          const code = exit === 'still running' ? exit : exit.code;
          const missing = c.names.filter((n) => !n.test(output));
          const line = output.split('\n').find((l) => c.names.every((n) => n.test(l))) ?? '';
          outcomes.push(`${c.app}, ${c.problem}: exit ${code}; ${line.slice(0, 200)}`);
          if (code === 0 || code === 'still running' || missing.length) {
            failures.push(`${c.app}, ${c.problem}: exit ${code}, output lacks ${missing.join(', ')}: ${output.split('\n').filter((l) => /fatal|error|invalid|failed|"level":60/i.test(l)).slice(-3).join(' | ').slice(0, 600)}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    recordResult({
      scenario: '8a bad configuration',
      injected: 'per app: unreachable NATS, wrong database password, unreachable database; unknown driver/transport/gateway, malformed schedule and plans files, unknown clock mode',
      operations: { cases: cases.length, apps: APPS.length },
      checks: ['exit code non-zero within 45 s', 'the output names the variable, file or component and the cause'],
      durationMs: Date.now() - started,
      notes: outcomes.sort(),
    });
  });

  it('after boot: readyz fails while NATS or PostgreSQL is down and recovers when it is back, without a restart', async () => {
    const started = Date.now();
    const services: ServiceProcess[] = [];
    for (const app of APPS) services.push(await world.start({ app, name: `${app}-outage` }));
    const statuses = () => Promise.all(services.map((s) => s.readyz()));
    const all = (want: number) => (codes: (number | null)[]) => codes.every((c) => c === want);
    const timings: Record<string, number> = {};
    const mark = (name: string, since: number) => (timings[name] = Math.round((Date.now() - since) / 100) / 10);

    for (const [outage, stop, start] of [
      ['nats-server stopped', () => world.nats.stop(), () => world.nats.start()],
      ['PostgreSQL stopped (fast)', () => world.postgres.stop(), () => world.postgres.start()],
      ['PostgreSQL killed (SIGKILL)', () => world.postgres.kill(), () => world.postgres.start()],
    ] as const) {
      await eventually(statuses, all(200), 60_000, `all ready before: ${outage}`);
      await stop();
      let since = Date.now();
      await eventually(statuses, all(503), 60_000, `every readyz 503 during: ${outage}`);
      mark(`${outage}: 503 after s`, since);
      await start();
      since = Date.now();
      await eventually(statuses, all(200), 90_000, `every readyz 200 after: ${outage}`);
      mark(`${outage}: 200 again after s`, since);
    }
    expect(services.map((s) => ({ name: s.name, running: s.running, runs: s.runs }))).toEqual(services.map((s) => ({ name: s.name, running: true, runs: 1 })));
    recordResult({
      scenario: '8b outage after boot',
      injected: 'nats-server stopped then started; PostgreSQL stopped (-m fast) then started; PostgreSQL postmaster SIGKILLed then started',
      operations: { services: services.length, outages: 3 },
      checks: ['every /readyz 503 during the outage', 'every /readyz 200 after it', 'no process exited or restarted'],
      durationMs: Date.now() - started,
      notes: [JSON.stringify(timings)],
    });
  });
});
