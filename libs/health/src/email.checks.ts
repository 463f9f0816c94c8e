import type { HealthSettings } from './health.settings';
import type { EmailFacts } from './health-facts';
import { formatDuration, formatPercent, iso } from './health-format';
import { healthIssue, type CheckResult } from './health-issue.factory';

type EmailSettings = Pick<HealthSettings, 'emailFailureRateThreshold' | 'emailFailureRateMinMails' | 'emailStuckAfterMs' | 'emailWindowMs'>;

/** (failed + bounced + reported as spam) / mails with an outcome; 0 for an empty window. */
export function emailFailureRate(window: EmailFacts['window']): number {
  return window.judged === 0 ? 0 : (window.failed + window.bounced + (window.spam ?? 0)) / window.judged;
}

/** email-health: mail goes out, and little of it fails (docs/health.md). */
export function emailChecks(facts: EmailFacts, settings: EmailSettings): CheckResult {
  const { window, stuckPending } = facts;
  const rate = emailFailureRate(window);
  const windowText = formatDuration(settings.emailWindowMs);
  const rateIssues =
    window.judged >= settings.emailFailureRateMinMails && rate > settings.emailFailureRateThreshold
      ? [
          healthIssue(
            'email.failure_rate',
            'email:failure-rate',
            `${formatPercent(rate)} of the ${window.judged} mails of the last ${windowText} failed (${window.failed}) or bounced ` +
              `(${window.bounced})${window.spam ? `, or were reported as spam (${window.spam})` : ''}; the threshold is ${formatPercent(settings.emailFailureRateThreshold)}`,
          ),
        ]
      : [];
  const stuckIssues =
    stuckPending.count > 0
      ? [
          healthIssue(
            'email.stuck_pending',
            'email:pending',
            `${stuckPending.count} mail(s) pending for more than ${formatDuration(settings.emailStuckAfterMs)}` +
              (stuckPending.oldestId === null || stuckPending.oldestSentAt === null
                ? ''
                : ` (oldest: email_logs #${stuckPending.oldestId} since ${iso(stuckPending.oldestSentAt)})`),
          ),
        ]
      : [];
  const failedIssues = facts.failedByType
    .filter((f) => f.count > 0)
    .map((f) =>
      healthIssue(
        'email.failed',
        `email_type:${f.emailType}`,
        `${f.count} ${f.emailType} mail(s) failed permanently in the last ${windowText} ` +
          `(latest: email_logs #${f.latestId}${f.latestError ? `: ${f.latestError}` : ''})`,
      ),
    );
  const { unknownOutcomes } = facts;
  const unknownIssues =
    unknownOutcomes.count > 0
      ? [
          healthIssue(
            'email.unknown_outcomes',
            'email:unknown-outcomes',
            `${unknownOutcomes.count} mail(s) of the last ${windowText} had a Mailjet answer of unknown outcome (timeout, reset or 5xx)` +
              (unknownOutcomes.pending > 0 ? `; ${unknownOutcomes.pending} still pending their CustomID lookups` : '; all settled'),
          ),
        ]
      : [];
  return {
    issues: [...rateIssues, ...stuckIssues, ...failedIssues, ...unknownIssues],
    counts: {
      'email.failure_rate': rateIssues.length,
      'email.stuck_pending': stuckPending.count,
      'email.failed': facts.failedByType.reduce((sum, f) => sum + f.count, 0),
      'email.unknown_outcomes': unknownOutcomes.count,
      mailsJudged: window.judged,
      mailsFailed: window.failed,
      mailsBounced: window.bounced,
      mailsSpam: window.spam ?? 0,
    },
  };
}
