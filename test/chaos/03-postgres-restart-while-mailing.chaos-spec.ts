import { checkMails } from './checkers/mail.checker';
import { ChaosWorld } from './support/chaos-world';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';
import { trialCompanies, trialExpiringEvent } from './support/mail-events';
import { seedCompanies } from './support/seed';

const AT = new Date('2026-12-01T09:00:00Z');
const MAILS = Number(process.env.CHAOS_MAILS ?? 3_000);

describe('scenario 3: PostgreSQL restarted while the notifier is sending', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    // Mailjet answering in 40 ms, so that sending takes long enough to be interrupted
    world = await ChaosWorld.create('03-postgres-restart', { mailjetLatencyMs: 40 });
  });

  afterAll(() => world?.dispose());

  it(`sends each of ${MAILS} mails once across a PostgreSQL crash and a clean restart`, async () => {
    const started = Date.now();
    const companies = await seedCompanies(world.pool, trialCompanies(MAILS, AT));
    const events = companies.map((c) => trialExpiringEvent(c, 3, AT));
    const notifier = await world.start({ app: 'notifier', env: { MAILJET_LOOKUP_GRACE: '10s', MAIL_CONCURRENCY: '64' } });
    await world.publish(events);

    const accepted = () => Promise.resolve(world.mailjet.accepted.length);
    const injected: string[] = [];
    await eventually(accepted, (n) => n >= MAILS * 0.2, 120_000, '20% of the mails sent', 10);
    injected.push(`postmaster SIGKILL at ${world.mailjet.accepted.length} mails`);
    await world.postgres.kill();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await world.postgres.start();

    await eventually(accepted, (n) => n >= MAILS * 0.6, 180_000, '60% of the mails sent', 10);
    injected.push(`pg_ctl stop -m fast at ${world.mailjet.accepted.length} mails, 5 s down`);
    await world.postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await world.postgres.start();

    await eventually(accepted, (n) => n >= MAILS, 240_000, 'every mail sent');
    await eventually(
      () => world.count(`SELECT count(*) FROM email_logs WHERE delivery_status = 'sent'`),
      (n) => n >= MAILS,
      240_000,
      'every mail recorded as sent',
    );
    await eventually(() => world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`), (n) => n === 0, 60_000, 'the outbox drained');
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(await checkMails(world, events)).toEqual([]);
    expect({ running: notifier.running, runs: notifier.runs }).toEqual({ running: true, runs: 1 });
    const recovered = (notifier.output().match(/already had the mail of an unfinished attempt/g) ?? []).length;
    recordResult({
      scenario: '3 PostgreSQL restart while mailing',
      injected: injected.join('; '),
      operations: { mails: MAILS, mailjetRequests: world.mailjet.sendRequests().length, lookups: world.mailjet.lookups().length, recoveredByLookup: recovered },
      checks: ['one mail per event id at Mailjet, to the admin', 'one email_logs row sent with the provider id', 'one notification.email.sent each', 'no dead letters', 'outbox drained', 'notifier never restarted'],
      durationMs: Date.now() - started,
    });
  });
});
