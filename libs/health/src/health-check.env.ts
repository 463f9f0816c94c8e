import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { booleanFlag, positiveInt } from '@lifecycle/config';
import { DEFAULT_SCHEDULES_PATH, loadSchedules } from '@lifecycle/scheduling';
import { parseDuration } from '@lifecycle/time';
import { healthSettings, type HealthSettings } from './health.settings';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return parseDuration(value) > 0;
        } catch {
          return false;
        }
      },
      { message: 'must be a duration such as 30m, 2h or 1d12h' },
    );

/** The variables of the health checks (docs/health.md explains each threshold). */
export const healthCheckEnv = {
  EMAIL_FAILURE_RATE_THRESHOLD: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe('`email.failure_rate`: alert when more than this share (0..1) of the last hour\'s mails failed, bounced or were reported as spam'),
  EMAIL_FAILURE_RATE_MIN_MAILS: positiveInt
    .default(10)
    .describe('`email.failure_rate` is judged only when the last hour holds at least this many mails'),
  EMAIL_STUCK_AFTER: duration('30m').describe('`email.stuck_pending`: a mail still `pending` after this long is stuck'),
  CONSUMER_LAG_THRESHOLD: positiveInt
    .default(1000)
    .describe('`pipeline.consumer_lag`: alert when one of the services\' consumers has more unacknowledged messages than this'),
  OUTSIDE_CONSUMER_LAG_THRESHOLD: positiveInt
    .optional()
    .describe(
      '`pipeline.outside_consumer_lag`: alert when an outside consumer (a durable on our streams not created by the services, docs/contracts.md) has more unacknowledged messages than this; unset: their lag is only shown on /status and in `lifecycle_outside_consumer_lag`, never alerted or mailed',
    ),
  MAX_PAYMENT_RETRIES: positiveInt
    .max(20)
    .default(3)
    .describe('`billing.dunning_stuck`: retries after which a failed subscription must be suspended (as billing\'s dunning)'),
  EXPIRY_INTERVAL: duration('2h').describe(
    '`billing.expiry_lagging`: the trial-expiry interval (plus any TRIAL_EXPIRY_GRACE); a trial ended two of these ago must be expired',
  ),
  WORKSPACE_STOP_GRACE: duration('15m').describe(
    '`workspace.running_while_inactive`, `workspace.stopped_while_active`: how long workspace-guard may take to stop or restore workspaces after a subscription changes',
  ),
  CARD_STORAGE: booleanFlag
    .default(false)
    .describe(
      '`true` once the platform stores PayTR cards (docs/dunning.md, "What the platform must change"): then each active subscription without one raises `billing.no_payment_method`; `false`: they are only counted (/status, metrics), dunning asks them to pay in the app',
    ),
  HEALTH_ISSUE_LIMIT: positiveInt
    .max(1000)
    .default(50)
    .describe('issues kept per code and run (the oldest first); the report counts every one'),
  SCHEDULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('schedule overrides (see config/schedules.example.yaml); unset: `config/schedules.yaml` when it exists, else the defaults'),
};

export type HealthCheckEnv = z.infer<z.ZodObject<typeof healthCheckEnv>>;

/** Throws ScheduleConfigError when SCHEDULES_FILE names a missing or bad file. */
export function healthSettingsFromEnv(
  env: HealthCheckEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): HealthSettings {
  return healthSettings({
    emailFailureRateThreshold: env.EMAIL_FAILURE_RATE_THRESHOLD,
    emailFailureRateMinMails: env.EMAIL_FAILURE_RATE_MIN_MAILS,
    emailStuckAfterMs: parseDuration(env.EMAIL_STUCK_AFTER),
    consumerLagThreshold: env.CONSUMER_LAG_THRESHOLD,
    outsideConsumerLagThreshold: env.OUTSIDE_CONSUMER_LAG_THRESHOLD ?? null,
    maxPaymentRetries: env.MAX_PAYMENT_RETRIES,
    expiryIntervalMs: parseDuration(env.EXPIRY_INTERVAL),
    workspaceStopGraceMs: parseDuration(env.WORKSPACE_STOP_GRACE),
    issueLimit: env.HEALTH_ISSUE_LIMIT,
    cardStorage: env.CARD_STORAGE,
    schedules: loadSchedules({ path: env.SCHEDULES_FILE ?? DEFAULT_SCHEDULES_PATH, explicit: env.SCHEDULES_FILE !== undefined }, readFile),
  });
}
