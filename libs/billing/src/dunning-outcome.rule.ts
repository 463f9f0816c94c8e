import type { DunningSchedule } from './dunning-schedule';
import type { HardDeclinePolicy } from './hard-decline.policy';

/** What a failed retry leads to. */
export type AfterFailure =
  | { kind: 'retry'; nextRetryAt: Date }
  | { kind: 'stop'; state: 'exhausted' | 'hard_declined' };

/**
 * After failed retry `retry` (1-based) at `now`: the next retry `backoff[retry]` later, unless the retries
 * are used up (`exhausted`) or the decline code says retrying is pointless (`hard_declined`); both stop
 * the chain and suspend the subscription (ARCHITECTURE.md, "Business rules → Dunning").
 */
export function afterFailedRetry(
  input: { retry: number; code: string | null; now: Date },
  schedule: DunningSchedule,
  hardDeclines: HardDeclinePolicy,
): AfterFailure {
  if (hardDeclines.isHard(input.code)) return { kind: 'stop', state: 'hard_declined' };
  const next = schedule.nextRetryAt(input.retry + 1, input.now);
  return next ? { kind: 'retry', nextRetryAt: next } : { kind: 'stop', state: 'exhausted' };
}
