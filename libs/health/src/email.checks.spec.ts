import { emailChecks, emailFailureRate } from './email.checks';
import type { EmailFacts } from './health-facts';

const settings = { emailFailureRateThreshold: 0.05, emailFailureRateMinMails: 10, emailStuckAfterMs: 30 * 60_000, emailWindowMs: 3_600_000 };
const healthy: EmailFacts = {
  window: { judged: 100, failed: 2, bounced: 3 },
  stuckPending: { count: 0, oldestId: null, oldestSentAt: null },
  failedByType: [],
  unknownOutcomes: { count: 0, pending: 0 },
};
const found = (facts: Partial<EmailFacts>, overrides = {}) => emailChecks({ ...healthy, ...facts }, { ...settings, ...overrides }).issues;

describe('emailChecks', () => {
  it('finds nothing at a 5% failure rate, no stuck and no failed mail', () => {
    expect(emailFailureRate(healthy.window)).toBe(0.05);
    expect(found({})).toEqual([]);
  });

  it('email.failure_rate counts mails reported as spam (polled or from the webhook) with the failed and bounced', () => {
    expect(found({ window: { judged: 100, failed: 2, bounced: 2, spam: 2 } })).toEqual([
      expect.objectContaining({
        code: 'email.failure_rate',
        message: '6% of the 100 mails of the last 1h failed (2) or bounced (2), or were reported as spam (2); the threshold is 5%',
      }),
    ]);
    expect(found({ window: { judged: 100, failed: 2, bounced: 2, spam: 1 } })).toEqual([]);
  });

  it('email.unknown_outcomes: mails of the hour that had a Mailjet answer of unknown outcome', () => {
    expect(found({ unknownOutcomes: { count: 3, pending: 1 } })).toEqual([
      expect.objectContaining({
        code: 'email.unknown_outcomes',
        resource: 'email:unknown-outcomes',
        severity: 'warning',
        message: '3 mail(s) of the last 1h had a Mailjet answer of unknown outcome (timeout, reset or 5xx); 1 still pending their CustomID lookups',
      }),
    ]);
    expect(emailChecks({ ...healthy, unknownOutcomes: { count: 2, pending: 0 } }, settings).counts['email.unknown_outcomes']).toBe(2);
  });

  it('email.failure_rate: failed + bounced above the threshold', () => {
    expect(found({ window: { judged: 100, failed: 3, bounced: 3 } })).toEqual([
      {
        code: 'email.failure_rate',
        severity: 'critical',
        resource: 'email:failure-rate',
        message: "6% of the 100 mails of the last 1h failed (3) or bounced (3); the threshold is 5%",
      },
    ]);
    expect(found({ window: { judged: 100, failed: 6, bounced: 0 } }, { emailFailureRateThreshold: 0.1 })).toEqual([]);
  });

  it('email.failure_rate is not judged on fewer mails than EMAIL_FAILURE_RATE_MIN_MAILS', () => {
    expect(found({ window: { judged: 9, failed: 9, bounced: 0 } })).toEqual([]);
    expect(found({ window: { judged: 10, failed: 1, bounced: 0 } })).toHaveLength(1);
    expect(emailFailureRate({ judged: 0, failed: 0, bounced: 0 })).toBe(0);
  });

  it('email.stuck_pending', () => {
    const issues = found({ stuckPending: { count: 4, oldestId: 31, oldestSentAt: new Date('2026-12-01T07:10:00Z') } });
    expect(issues).toEqual([
      {
        code: 'email.stuck_pending',
        severity: 'warning',
        resource: 'email:pending',
        message: '4 mail(s) pending for more than 30m (oldest: email_logs #31 since 2026-12-01T07:10:00Z)',
      },
    ]);
  });

  it('email.failed: one issue per email type', () => {
    const issues = found({
      failedByType: [
        { emailType: 'trial_expired', count: 2, latestId: 12, latestError: 'mailjet 400: invalid recipient' },
        { emailType: 'payment_failed', count: 1, latestId: 14, latestError: null },
      ],
    });
    expect(issues.map((i) => [i.resource, i.message])).toEqual([
      ['email_type:trial_expired', '2 trial_expired mail(s) failed permanently in the last 1h (latest: email_logs #12: mailjet 400: invalid recipient)'],
      ['email_type:payment_failed', '1 payment_failed mail(s) failed permanently in the last 1h (latest: email_logs #14)'],
    ]);
  });
});
