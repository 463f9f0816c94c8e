import { HealthWorld, MINUTE, plus } from './health-world';

const NOW = '2026-12-01T10:00:00Z';

describe('email-health over a real database', () => {
  let world: HealthWorld;

  beforeEach(async () => {
    world = await HealthWorld.create();
  });

  afterEach(async () => {
    await world.dispose();
  });

  async function healthyMail(): Promise<void> {
    await world.mails(38, { status: 'sent', sentAt: plus(NOW, -20 * MINUTE) });
    await world.mails(1, { status: 'delivered', sentAt: plus(NOW, -50 * MINUTE) });
    await world.mail({ status: 'bounced', sentAt: plus(NOW, -10 * MINUTE) });
    // Claimed five minutes ago: still being sent. Failed, but before the window.
    await world.mail({ status: 'pending', sentAt: plus(NOW, -5 * MINUTE) });
    await world.mail({ status: 'failed', sentAt: plus(NOW, -90 * MINUTE), error: 'old failure' });
  }

  it('finds nothing in a healthy hour (2.5% bounced, nothing stuck, no failure in the window)', async () => {
    await healthyMail();
    expect(await world.found(world.health(), 'email-health', NOW)).toEqual([]);
  });

  it('finds a high failure rate, a stuck mail and permanent failures', async () => {
    await healthyMail();
    await world.mails(2, { status: 'failed', sentAt: plus(NOW, -30 * MINUTE), type: 'trial_expired', error: 'mailjet 400: invalid recipient' });
    await world.mail({ status: 'bounced', sentAt: plus(NOW, -30 * MINUTE) });
    await world.mail({ status: 'pending', sentAt: plus(NOW, -45 * MINUTE) });

    const result = await world.health().runCheck.evaluate('email-health', new Date(NOW));
    expect(result.issues.map((i) => `${i.code} ${i.resource}`).sort()).toEqual([
      'email.failed email_type:trial_expired',
      'email.failure_rate email:failure-rate',
      'email.stuck_pending email:pending',
    ]);
    // 2 failed + 2 bounced of 43 mails with an outcome.
    expect(result.issues.find((i) => i.code === 'email.failure_rate')?.message).toBe(
      '9.3% of the 43 mails of the last 1h failed (2) or bounced (2); the threshold is 5%',
    );
    expect(result.issues.find((i) => i.code === 'email.failed')?.message).toContain('mailjet 400: invalid recipient');
  });

  it('judges the rate only from EMAIL_FAILURE_RATE_MIN_MAILS mails, and with the configured threshold', async () => {
    await world.mails(4, { status: 'sent', sentAt: plus(NOW, -20 * MINUTE) });
    await world.mail({ status: 'bounced', sentAt: plus(NOW, -20 * MINUTE) });
    expect(await world.found(world.health(), 'email-health', NOW)).toEqual([]);
    expect(await world.found(world.health({ emailFailureRateMinMails: 5 }), 'email-health', NOW)).toEqual(['email.failure_rate email:failure-rate']);
    expect(await world.found(world.health({ emailFailureRateMinMails: 5, emailFailureRateThreshold: 0.2 }), 'email-health', NOW)).toEqual([]);
  });

  it('email.unknown_outcomes: mails of the hour with a Mailjet answer of unknown outcome, settled or still pending', async () => {
    await healthyMail();
    const settled = await world.mail({ status: 'sent', sentAt: plus(NOW, -30 * MINUTE) });
    const looking = await world.mail({ status: 'pending', sentAt: plus(NOW, -2 * MINUTE) });
    const before = await world.mail({ status: 'sent', sentAt: plus(NOW, -70 * MINUTE) });
    await world.pool.query(`UPDATE email_logs SET unknown_outcomes = 1 WHERE id = ANY($1)`, [[settled, looking, before]]);

    const result = await world.health().runCheck.evaluate('email-health', new Date(NOW));
    expect(result.issues.map((i) => `${i.code} ${i.resource}`)).toEqual(['email.unknown_outcomes email:unknown-outcomes']);
    expect(result.issues[0].message).toBe(
      '2 mail(s) of the last 1h had a Mailjet answer of unknown outcome (timeout, reset or 5xx); 1 still pending their CustomID lookups',
    );
    expect(result.counts['email.unknown_outcomes']).toBe(2);
  });

  it('polls Mailjet before judging, over the two hours before the tick; a failed poll is counted and the run still judges', async () => {
    await world.mails(9, { status: 'sent', sentAt: plus(NOW, -20 * MINUTE) });
    const bounced = await world.mail({ status: 'sent', sentAt: plus(NOW, -20 * MINUTE) });
    const windows: string[] = [];
    // what the notifier's PollDeliveryStatusesUseCase does with a bounce: the row becomes bounced
    const poller = {
      poll: async (from: Date, to: Date) => {
        windows.push(`${from.toISOString()} ${to.toISOString()}`);
        await world.pool.query(`UPDATE email_logs SET delivery_status = 'bounced', error = 'hard bounce' WHERE id = $1`, [bounced]);
        return { listed: 10, problems: 1, changed: 1, truncated: false };
      },
    };
    const summary = await world.run(world.health({}, undefined, { poller }), 'email-health', NOW);
    expect(windows).toEqual(['2026-12-01T08:00:00.000Z 2026-12-01T10:00:00.000Z']);
    expect(summary.counts).toMatchObject({ mailjetPolled: 10, mailjetProblems: 1, mailjetApplied: 1, mailsBounced: 1, 'email.failure_rate': 1 });

    const failing = { poll: async () => Promise.reject(new Error('mailjet 401')) };
    const later = await world.run(world.health({}, undefined, { poller: failing }), 'email-health', plus(NOW, 5 * MINUTE));
    expect(later.counts).toMatchObject({ mailjetPollFailed: 1, mailsBounced: 1, 'email.failure_rate': 1 });
    // evaluate alone changes nothing and never polls
    await world.health({}, undefined, { poller: failing }).runCheck.evaluate('email-health', new Date(NOW));
  });
});
