import type { HealthCheckName, Severity } from '@lifecycle/contracts';

export interface HealthCodeDefinition {
  check: HealthCheckName;
  severity: Severity;
  /** What the issue means, for docs/health.md and the status page. */
  meaning: string;
  /** What an operator does about it. */
  action: string;
}

/** Every issue code health raises: stable identifiers that alerts, metrics and docs/health.md rely on. */
export const HEALTH_CODES = {
  'workspace.missing': {
    check: 'workspace-health',
    severity: 'warning',
    meaning: 'A trial or active subscription whose company has no workspace at all.',
    action: 'Check whether workspace provisioning failed for the company; create the workspace or contact the customer.',
  },
  'workspace.running_while_inactive': {
    check: 'workspace-health',
    severity: 'critical',
    meaning: 'A workspace runs although its subscription is expired, suspended or cancelled (for longer than WORKSPACE_STOP_GRACE).',
    action: 'Look for a workspace.action_failed or a dead letter of workspace-guard; stop the workspace, or replay the dead letter.',
  },
  'workspace.orphan_running': {
    check: 'workspace-health',
    severity: 'warning',
    meaning: 'A workspace runs although its company has no subscription (or one in a status the platform does not know).',
    action: 'Find out who owns the workspace; stop it or give the company a subscription.',
  },
  'workspace.action_failed': {
    check: 'workspace-health',
    severity: 'critical',
    meaning: 'workspace-guard could not stop or start a workspace, and no later stop or start of that workspace succeeded.',
    action: 'Read the error in the message (systemd or docker); fix the host, then stop or start the workspace by hand.',
  },
  'workspace.stopped_while_active': {
    check: 'workspace-health',
    severity: 'critical',
    meaning:
      'A company\'s subscription is trial or active (since longer than WORKSPACE_STOP_GRACE) while workspaces this product stopped (expiry or suspension) are still stopped; one issue per company, naming them. Workspaces the platform or the customer stopped are not counted; with the systemd or docker driver, its real state decides.',
    action:
      'Look for `workspace.action_failed` or a dead letter of workspace-guard; replay it, or start the workspaces (`lifecyclectl workspaces <company>` shows their state).',
  },
  'billing.payment_without_invoice': {
    check: 'billing-health',
    severity: 'critical',
    meaning: 'A successful payment has had no invoice for more than an hour.',
    action: 'Issue the invoice for the payment (the customer paid and is owed one).',
  },
  'billing.invoice_amount_mismatch': {
    check: 'billing-health',
    severity: 'critical',
    meaning: "A paid invoice's total or currency differs from its payment's amount.",
    action: 'Compare the invoice with the payment in PayTR; void and reissue the wrong invoice.',
  },
  'billing.no_payment_method': {
    check: 'billing-health',
    severity: 'warning',
    meaning:
      'An active subscription that renews has no stored card (`paytr_subscription_id`, where the platform saves the PayTR `utoken`, is null). Raised only with CARD_STORAGE=true; otherwise counted on /status and in `lifecycle_billing_subscriptions_without_card`, and dunning asks such customers to pay in the app.',
    action: 'The platform declared card storage on, yet this subscription has none: check that its PayTR callback saves `utoken` (docs/dunning.md, "What the platform must change"), or ask the customer to store a card.',
  },
  'billing.expiry_lagging': {
    check: 'billing-health',
    severity: 'critical',
    meaning: 'A trial ended more than two EXPIRY_INTERVALs ago and is still `trial`: the trial-expiry sweep is not keeping up.',
    action: 'Check the clock (trial-expiry ticks), billing logs and dead letters; a trial without an admin is skipped (see billing.company_without_admin).',
  },
  'billing.dunning_stuck': {
    check: 'billing-health',
    severity: 'critical',
    meaning: "A subscription's latest payment failed after MAX_PAYMENT_RETRIES retries, yet the subscription is not suspended.",
    action: 'Check the payment-retry ticks and billing logs; suspend the subscription or record the payment by hand.',
  },
  'billing.company_without_admin': {
    check: 'billing-health',
    severity: 'warning',
    meaning: 'A company with a trial, active or past-due subscription has no active admin: billing mail has no recipient and its sweeps skip it.',
    action: 'Give the company an active admin user in the platform.',
  },
  'billing.trial_without_end': {
    check: 'billing-health',
    severity: 'warning',
    meaning: 'A trial subscription has no `trial_ends_at`: it never gets reminders and never expires.',
    action: 'Set the trial end in the platform (trials last 14 days).',
  },
  'billing.payment_outcome_unknown': {
    check: 'billing-health',
    severity: 'critical',
    meaning:
      'A dunning retry has had no outcome from PayTR (no answer, no notification, the status inquiry silent) for PAYMENT_OUTCOME_TIMEOUT: it is `unknown`, and the subscription is not charged again until PayTR answers.',
    action:
      'Look the merchant_oid up in the PayTR panel. Billing keeps asking its status; a notification or inquiry answer settles it. If PayTR has no record of it, mark the attempt failed by hand (docs/dunning.md, "Unknown outcomes").',
  },
  'billing.late_settlement': {
    check: 'billing-health',
    severity: 'warning',
    meaning:
      'A retry billing had recorded as failed or unknown was paid after all; billing reconciled it (invoice, period, reactivation, receipt). Reported for 24 hours, then it resolves itself.',
    action: 'Nothing to repair; check that the customer was not charged twice for the period (a later retry or a platform payment).',
  },
  'billing.paytr_forward_failing': {
    check: 'billing-health',
    severity: 'critical',
    meaning:
      "A PayTR notification of an order that is not billing's could not be passed on to the platform's callback (PAYTR_FORWARD_URL unset, unreachable, or answering other than OK); PayTR keeps repeating it.",
    action: "Fix PAYTR_FORWARD_URL or the platform's callback (its answer is in the message); the issue clears when PayTR's next repeat gets through.",
  },
  'email.failure_rate': {
    check: 'email-health',
    severity: 'critical',
    meaning:
      'More than EMAIL_FAILURE_RATE_THRESHOLD of the mails sent in the last hour failed, bounced or were reported as spam (judged from EMAIL_FAILURE_RATE_MIN_MAILS mails on).',
    action: 'Check the Mailjet account, sender domain (SPF, DKIM) and the notifier logs.',
  },
  'email.stuck_pending': {
    check: 'email-health',
    severity: 'warning',
    meaning: 'Mails have been `pending` (claimed by the notifier but not confirmed sent) for longer than EMAIL_STUCK_AFTER.',
    action: 'Check that the notifier runs and reaches Mailjet; it resumes pending mails on its own once it does.',
  },
  'email.failed': {
    check: 'email-health',
    severity: 'warning',
    meaning: 'Mails of one email type failed permanently in the last hour (one issue per email type).',
    action: 'Read the error in the message and in `email_logs.error`; fix the address or template and resend if needed.',
  },
  'email.unknown_outcomes': {
    check: 'email-health',
    severity: 'warning',
    meaning:
      'Mails sent in the last hour had a Mailjet answer of unknown outcome (a timeout, a reset, a 5xx): the notifier looked them up by CustomID and re-sent only those no lookup over MAILJET_LOOKUP_GRACE found.',
    action:
      'Usually Mailjet trouble that settles itself; if it persists, check Mailjet\'s status page and the network. A re-sent mail (`lifecycle_notifier_unknown_outcomes_total{stage="resent"}`) may reach the customer twice if Mailjet\'s index lagged beyond the grace.',
  },
  'pipeline.dead_letters': {
    check: 'workspace-health',
    severity: 'critical',
    meaning: 'A consumer has dead letters waiting on `dlq.<consumer>`: events it gave up on.',
    action: 'Inspect them (`lifecyclectl dlq list`), fix the cause, then replay or purge them.',
  },
  'pipeline.consumer_lag': {
    check: 'workspace-health',
    severity: 'warning',
    meaning: 'A durable consumer has more than CONSUMER_LAG_THRESHOLD messages not yet acknowledged.',
    action: 'Check that the consuming service runs and is not failing; scale it if it is only slow.',
  },
  'pipeline.outside_consumer_lag': {
    check: 'workspace-health',
    severity: 'warning',
    meaning:
      'An outside consumer (another platform service\'s durable on our streams) has more than OUTSIDE_CONSUMER_LAG_THRESHOLD messages not yet acknowledged; raised only when that variable is set.',
    action: 'Tell the team that owns the consumer; its lag does not delay this system, but the stream keeps its messages only for its retention.',
  },
  'pipeline.schedule_stale': {
    check: 'workspace-health',
    severity: 'critical',
    meaning: 'An enabled schedule has not ticked for two of its slots (plus its jitter): nothing it drives happens.',
    action: 'Check that the clock service runs (`lifecyclectl timers`); missed slots are caught up by its catch-up policy.',
  },
  'backup.failed': {
    check: 'workspace-health',
    severity: 'critical',
    meaning: 'The latest database backup (the database-backup tick) failed: pg_dump missing or of an older major version than the server, the database unreachable, the directory not writable or full, or BACKUP_TIMEOUT passed.',
    action: 'Read the message, fix the cause, then run `lifecyclectl backup` (or `lifecyclectl tick database-backup`); the next successful backup resolves the issue.',
  },
} as const satisfies Record<string, HealthCodeDefinition>;

export type HealthCode = keyof typeof HEALTH_CODES;

export const HEALTH_CODE_LIST = Object.keys(HEALTH_CODES) as HealthCode[];

export function codesOf(check: HealthCheckName): HealthCode[] {
  return HEALTH_CODE_LIST.filter((code) => HEALTH_CODES[code].check === check);
}
