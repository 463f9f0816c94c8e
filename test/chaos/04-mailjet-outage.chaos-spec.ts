import { checkMails } from './checkers/mail.checker';
import { ChaosWorld } from './support/chaos-world';
import { eventually } from './support/eventually';
import { startMailjetWeather, type MailjetWeatherProxy } from './support/mailjet-weather.proxy';
import { recordResult } from './support/results';
import { trialCompanies, trialExpiringEvent } from './support/mail-events';
import { seedCompanies } from './support/seed';

const AT = new Date('2026-12-01T09:00:00Z');
// Fewer than 1,000 per subject may wait in back-off at once (JetStream's default max_ack_pending); with more,
// the rest wait in the stream, and the late events below would not be delivered during the 429s.
const MAILS = Number(process.env.CHAOS_MAILS ?? 600);
const OUTAGE_MS = 30_000;
const RATE_LIMITED_MS = 6_000;
// published as the 429s begin: mails never tried before, so their sends (not only lookups) meet the 429
const LATE_MAILS = 300;

describe('scenario 4: Mailjet answering 503, then 429 with Retry-After, then healthy', () => {
  let world: ChaosWorld;
  let weather: MailjetWeatherProxy;

  beforeAll(async () => {
    world = await ChaosWorld.create('04-mailjet-outage', { mailjetLatencyMs: 40 });
    weather = await startMailjetWeather(world.mailjet.url);
  });

  afterAll(async () => {
    await weather?.close();
    await world?.dispose();
  });

  it(`delivers each of ${MAILS} + ${LATE_MAILS} mails once`, async () => {
    const started = Date.now();
    const companies = await seedCompanies(world.pool, trialCompanies(MAILS + LATE_MAILS, AT));
    const events = companies.map((c) => trialExpiringEvent(c, 3, AT));
    const [early, late] = [events.slice(0, MAILS), events.slice(MAILS)];
    const notifier = await world.start({ app: 'notifier', env: { MAILJET_API_URL: weather.url, MAILJET_LOOKUP_GRACE: '10s' } });
    await world.publish(early);

    const accepted = () => Promise.resolve(world.mailjet.accepted.length);
    await eventually(accepted, (n) => n >= MAILS * 0.2, 120_000, '20% of the mails sent', 10);
    const atOutage = world.mailjet.accepted.length;
    weather.weather = { kind: 'down', status: 503 };
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const duringOutage = world.mailjet.accepted.length - atOutage;
    weather.weather = { kind: 'rate-limited', retryAfterSeconds: 2 };
    await world.publish(late);
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMITED_MS));
    // on a slow machine the late sends may not have been made yet: the 429s last until one met them
    await eventually(async () => weather.refused.get(429) ?? 0, (n) => n > 0, 30_000, 'a request answered 429', 50);
    const duringRateLimit = world.mailjet.accepted.length - atOutage - duringOutage;
    weather.weather = { kind: 'healthy' };
    const healthyAt = Date.now();

    await eventually(accepted, (n) => n >= events.length, 300_000, 'every mail sent', 200);
    const catchUpS = Math.round((Date.now() - healthyAt) / 1000);
    await eventually(() => world.count(`SELECT count(*) FROM email_logs WHERE delivery_status = 'sent'`), (n) => n >= events.length, 120_000, 'every mail recorded');
    await eventually(() => world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`), (n) => n === 0, 60_000, 'the outbox drained');
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect({ duringOutage, duringRateLimit }).toEqual({ duringOutage: 0, duringRateLimit: 0 });
    expect(weather.refused.get(503) ?? 0).toBeGreaterThan(0);
    expect(await checkMails(world, events)).toEqual([]);
    expect({ running: notifier.running, runs: notifier.runs }).toEqual({ running: true, runs: 1 });
    recordResult({
      scenario: '4 Mailjet 503 then 429 then healthy',
      injected: `every Mailjet request answered 503 for ${OUTAGE_MS / 1000} s (from ${atOutage} of ${MAILS} mails sent), then 429 Retry-After: 2 for ${RATE_LIMITED_MS / 1000} s (${LATE_MAILS} more events published as it began), then healthy`,
      operations: {
        mails: events.length,
        refused503: weather.refused.get(503) ?? 0,
        refused429: weather.refused.get(429) ?? 0,
        mailjetRequests: world.mailjet.sendRequests().length,
        lookups: world.mailjet.lookups().length,
        secondsToFinishAfterHealthy: catchUpS,
      },
      checks: ['no mail accepted while refused', 'one mail per event id at Mailjet, to the admin', 'one email_logs row sent with the provider id', 'one notification.email.sent each', 'no dead letters', 'outbox drained', 'notifier never restarted'],
      durationMs: Date.now() - started,
    });
  });
});
