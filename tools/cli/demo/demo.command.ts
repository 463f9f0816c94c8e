import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Client } from 'pg';
import { z } from 'zod';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { CLOCK_CONTROL, requestClock } from '@lifecycle/clock';
import { databaseEnv, loadEnv, natsEnv } from '@lifecycle/config';
import { connectNats, Namespace } from '@lifecycle/messaging';
import { applyServiceGrants, ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { DEMO_COMPANIES, KESTREL_PAYS_ON_DAY } from './demo-companies';
import { resolveDemoInfra } from './demo-infra';
import { narrate, type NarrativeLine } from './demo-narrative';
import { platformReactivates, seedDemo, type SeededCompany } from './demo-seed';
import { settle } from './demo-settle';
import { DemoTimeline } from './demo-timeline';
import { demoSummary, printSummary } from './demo-summary';

const demoEnvSchema = z.object({ ...databaseEnv, ...natsEnv });

const DEMO_SCHEDULES = `# The demo checks health every 6 hours instead of every 15 minutes, so 20 days take seconds.
schedules:
  workspace-health: { cron: "0 */6 * * *" }
  email-health: { cron: "30 */6 * * *", jitter: 0 }
`;

const TONES: Record<NarrativeLine['tone'], [string, string]> = {
  plain: ['', ''],
  good: ['\x1b[32m', '\x1b[0m'],
  bad: ['\x1b[31m', '\x1b[0m'],
  warn: ['\x1b[33m', '\x1b[0m'],
  mail: ['\x1b[36m', '\x1b[0m'],
};

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the product on simulated time: a dozen companies, 20 days, every mail and state change, in under a minute')
    .option('--days <n>', 'simulated days to run', (v) => Number.parseInt(v, 10), 20)
    .option('--step <hours>', 'simulated hours per clock advance; the services finish their work after each', (v) => Number.parseInt(v, 10), 1)
    .option('--database <name>', 'the demo database (dropped and created again)', 'lifecycle_demo')
    .option('--mail-dir <dir>', 'where the mails are written', 'var/mail/demo')
    .option('--keep', 'keep the services running afterwards (status page, tail) until Ctrl-C')
    .option('--json', 'print the summary as JSON (last line)')
    .option('--service-role <role>', "run the services as this role with only the services' grants (created when missing; given a fresh random password for the run)")
    .action(async (options: { days: number; step: number; database: string; mailDir: string; keep?: boolean; json?: boolean; serviceRole?: string }) => {
      if (!Number.isInteger(options.days) || options.days < 1 || options.days > 60) throw new Error('--days must be a whole number from 1 to 60');
      if (!Number.isInteger(options.step) || options.step < 1 || 24 % options.step !== 0) throw new Error('--step must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24');
      if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error('--database must be a plain lowercase PostgreSQL name');
      const colour = process.stdout.isTTY && !process.env.NO_COLOR;
      const out = (line = '') => process.stdout.write(`${line}\n`);
      const paint = (tone: NarrativeLine['tone'], text: string) => (colour ? `${TONES[tone][0]}${text}${TONES[tone][1]}` : text);
      const started = Date.now();
      const env = loadEnv('lifecyclectl demo', demoEnvSchema);

      out('lifecyclectl demo: subscription lifecycle on simulated time\n');
      const infra = await resolveDemoInfra(env.DATABASE_URL, env.NATS_URL, (line) => out(`  ${line}`));
      const databaseUrl = withDatabase(infra.postgresUrl, options.database);
      const admin = new Client({ connectionString: withDatabase(infra.postgresUrl, 'postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${options.database}" WITH (FORCE)`);
      await admin.end();
      await ensureDatabase(databaseUrl);
      await runMigrations(databaseUrl);
      // The demo plays the platform as the owner; the services get only their grants.
      const servicesDatabaseUrl = options.serviceRole ? await asServiceRole(infra.postgresUrl, databaseUrl, options.serviceRole) : databaseUrl;

      const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
      const namespace = new Namespace(`demo${Date.now().toString(36)}`);
      const mailDir = resolve(options.mailDir);
      rmSync(mailDir, { recursive: true, force: true });
      mkdirSync(mailDir, { recursive: true });
      const workDir = resolve('var/demo');
      mkdirSync(workDir, { recursive: true });
      writeFileSync(join(workDir, 'schedules.yaml'), DEMO_SCHEDULES);

      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      const cast = await seedDemo(db, start);
      const byCompany = new Map(cast.map((c) => [c.companyId, c]));
      const script = cast
        .filter((c) => c.failedPayment)
        .map((c) => `company:${c.companyId}=${c.failedPayment?.retries}`)
        .concat('default=succeed')
        .join(';');

      for (const line of infra.notes) out(`  ${line}`);
      out(`  database    ${options.database} (fresh, migrated)`);
      out(`  namespace   ${namespace.value}   (LIFECYCLE_NAMESPACE for lifecyclectl tail)`);
      out(`  mail        ${mailDir}/index.html`);
      out(`  logs        ${join(workDir, 'services.log')}\n`);
      out(`The cast, from ${start.toISOString().slice(0, 10)}:`);
      for (const c of DEMO_COMPANIES) out(`  ${c.name.padEnd(18)} ${c.story}`);
      out();

      if (options.serviceRole) out(`  role        the services run as ${options.serviceRole} (\`lifecyclectl grants ${options.serviceRole}\`)`);
      Object.assign(process.env, {
        DATABASE_URL: servicesDatabaseUrl,
        NATS_URL: infra.natsUrl,
        LIFECYCLE_NAMESPACE: namespace.value,
        CLOCK_MODE: 'simulated',
        CLOCK_START: start.toISOString(),
        SCHEDULES_FILE: join(workDir, 'schedules.yaml'),
        PAYMENT_GATEWAY: 'fake',
        FAKE_GATEWAY_SCRIPT: script,
        MAIL_TRANSPORT: 'file',
        MAIL_DIR: mailDir,
        OPS_ALERT_EMAIL: process.env.OPS_ALERT_EMAIL ?? 'ops@example.com',
        HTTP_PORT: process.env.HTTP_PORT ?? '8080',
        LOG_LEVEL: 'info',
        LOG_TO_STDOUT: 'false',
        LOG_FILE: join(workDir, 'services.log'),
      });
      // Loaded here: the other verbs need not pay for booting Nest and every service module.
      const { startAllInOne } = require('../../../libs/runtime/src') as typeof import('@lifecycle/runtime');
      const { ALL_SERVICES } = require('../all-services') as typeof import('../all-services');
      const services = await startAllInOne(Object.values(ALL_SERVICES));
      const nc = await connectNats({ url: infra.natsUrl, name: 'lifecyclectl-demo' });
      const jsm = await jetstreamManager(nc);
      const timeline = await DemoTimeline.follow(jetstream(nc), namespace);
      const name = (id: number | undefined) => (id === undefined ? 'health' : (byCompany.get(id)?.name ?? `company ${id}`));
      let ticks = 0;
      try {
        await settle(db, jsm, namespace);
        for (let day = 0; day < options.days; day++) {
          const now = new Date(start.getTime() + day * 86_400_000);
          out(paint('plain', `Day ${String(day).padStart(2)}  ${now.toUTCString().slice(0, 16)}`));
          if (day === KESTREL_PAYS_ON_DAY) {
            const kestrel = cast.find((c) => c.key === 'kestrel') as SeededCompany;
            await platformReactivates(db, kestrel.subscriptionId, now);
            out(`  ${'00:00'}  ${kestrel.name.padEnd(18)} the customer pays in the app; the platform sets the subscription active`);
          }
          // Small steps, each settled, keep simulated time from racing ahead of the consumers (a mail is sent
          // within the hour its event happened, as in production), so health sees no false backlog.
          for (let hour = 0; hour < 24; hour += options.step) {
            const reply = await requestClock(nc, namespace, CLOCK_CONTROL.advance, { duration: `${options.step}h` }, 120_000);
            if (!reply.ok) throw new Error(`the clock refused to advance: ${reply.error}`);
            ticks += reply.ticks.length;
            if (reply.ticks.length > 0 || hour === 0) await settle(db, jsm, namespace);
          }
          for (const event of timeline.take()) {
            const line = narrate(event, name);
            if (line) out(`  ${line.at.slice(11, 16)}  ${line.company.padEnd(18)} ${paint(line.tone, line.text)}`);
          }
        }
        const mails = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length;
        const summary = await demoSummary(db, cast, { ticks, mails, mailDir, seconds: (Date.now() - started) / 1000, counts: timeline.counts });
        printSummary(summary, out, { namespace: namespace.value, port: services.port, keep: !!options.keep });
        if (options.json) out(JSON.stringify(summary));
        if (options.keep) await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      } finally {
        timeline.stop();
        await nc.drain();
        await db.end();
        await services.close();
        await infra.dispose();
      }
    });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates the role when missing, gives it a fresh random password (the server may ask for one) and the
 * services' privileges on the demo database, and returns the services' URL.
 */
async function asServiceRole(serverUrl: string, databaseUrl: string, role: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error('--service-role must be a plain lowercase PostgreSQL name');
  const password = randomBytes(18).toString('base64url');
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) await admin.query(`CREATE ROLE "${role}" LOGIN`).catch((error: { code?: string }) => {
      if (error.code !== '42710') throw error; // created meanwhile by another demo
    });
    await admin.query(`ALTER ROLE "${role}" LOGIN PASSWORD '${password}'`);
  } finally {
    await admin.end();
  }
  await applyServiceGrants(databaseUrl, role);
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}
