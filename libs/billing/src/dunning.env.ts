import { z } from 'zod';
import { positiveInt } from '@lifecycle/config';
import { parseDuration } from '@lifecycle/time';
import { DunningSchedule } from './dunning-schedule';
import { dunningSettings, type DunningSettings } from './dunning.settings';
import { HardDeclinePolicy } from './hard-decline.policy';

const failure = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

const duration = (fallback: string, example: string, allowZero: boolean) =>
  z
    .string()
    .refine((v) => (allowZero && v === '0') || failure(() => parseDuration(v)) === null, { message: `must be a duration such as ${example}` })
    .default(fallback);

const ms = (value: string) => (value === '0' ? 0 : parseDuration(value));

/** The variables of dunning (docs/dunning.md, "Configuration"). */
export const dunningEnv = {
  PAYMENT_RETRY_BACKOFF: z
    .string()
    .default('6h,24h,72h')
    .refine((v) => failure(() => DunningSchedule.parseBackoff(v)) === null, { message: 'must be comma-separated durations, e.g. 6h,24h,72h' })
    .describe('wait before each retry of a failed payment, from the failure before it (the last one repeats)'),
  PAYMENT_MAX_RETRIES: positiveInt
    .max(20)
    .optional()
    .describe('retries before the subscription is suspended; default: one per `PAYMENT_RETRY_BACKOFF` delay (3)'),
  PAYMENT_HARD_DECLINE_CODES: z
    .string()
    .default(HardDeclinePolicy.DEFAULT_CODES.join(','))
    .refine((v) => failure(() => HardDeclinePolicy.parse(v)) === null, { message: 'must be comma-separated decline codes, e.g. 3,11,41,43' })
    .describe('decline codes that skip the remaining retries and suspend at once (stolen or lost card, closed account, fraud)'),
  DUNNING_DETECT_INTERVAL: duration('1m', '1m, or 0 for only at payment-retry ticks', true).describe(
    'how often billing looks for newly failed payments between payment-retry ticks (`0`: only at the ticks)',
  ),
  DUNNING_LOOKBACK: duration('7d', '7d', false).describe('a failed payment older than this when billing first sees it never enters dunning (e.g. the history of a live database)'),
  PAYMENT_OUTCOME_TIMEOUT: duration('24h', '24h', false).describe(
    'a retry whose outcome is still unknown (no answer, no notification, status inquiry silent) this long after it was made becomes `unknown`: an operator alert, and no further charge of that subscription until PayTR answers',
  ),
  PAYMENT_STATUS_BACKOFF: z
    .string()
    .default('5m,15m,1h,3h,6h')
    .refine((v) => failure(() => DunningSchedule.parseBackoff(v)) === null, { message: 'must be comma-separated durations, e.g. 5m,15m,1h,3h,6h' })
    .describe('when the status of a charge without an outcome is asked again, after the charge and after each inquiry (the last one repeats)'),
};

export type DunningEnv = z.infer<z.ZodObject<typeof dunningEnv>>;

/** Cross-field rule (add to the app schema with superRefine): the delays fit the number of retries. */
export function checkDunningEnv(env: DunningEnv, ctx: z.RefinementCtx): void {
  const problem = failure(() => dunningScheduleFromEnv(env));
  if (problem && failure(() => DunningSchedule.parseBackoff(env.PAYMENT_RETRY_BACKOFF)) === null) {
    ctx.addIssue({ code: 'custom', path: [env.PAYMENT_MAX_RETRIES === undefined ? 'PAYMENT_RETRY_BACKOFF' : 'PAYMENT_MAX_RETRIES'], message: problem });
  }
}

export function dunningSettingsFromEnv(env: DunningEnv): DunningSettings {
  return dunningSettings({
    schedule: dunningScheduleFromEnv(env),
    hardDeclines: HardDeclinePolicy.parse(env.PAYMENT_HARD_DECLINE_CODES),
    detectIntervalMs: ms(env.DUNNING_DETECT_INTERVAL),
    lookbackMs: ms(env.DUNNING_LOOKBACK),
    outcomeTimeoutMs: ms(env.PAYMENT_OUTCOME_TIMEOUT),
    statusBackoffMs: DunningSchedule.parseBackoff(env.PAYMENT_STATUS_BACKOFF),
  });
}

function dunningScheduleFromEnv(env: DunningEnv): DunningSchedule {
  const backoff = DunningSchedule.parseBackoff(env.PAYMENT_RETRY_BACKOFF);
  return new DunningSchedule(backoff, env.PAYMENT_MAX_RETRIES ?? backoff.length);
}
