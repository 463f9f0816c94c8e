import type { FailureCandidate } from './dunning.store';

/** Subscription statuses a failed payment is retried for; a suspended one is reactivated by a successful retry. */
export const BILLABLE_STATUSES = ['active', 'past_due', 'suspended'] as const;

export type FailureVerdict =
  | { verdict: 'enter'; failedAt: Date }
  | { verdict: 'ignore'; reason: string }
  | { verdict: 'skip'; reason: 'company_missing' | 'no_admin' };

/**
 * Whether a failed payment billing sees for the first time enters dunning (docs/dunning.md, "Detection").
 * `ignore` is final (the row is marked and never looked at again); `skip` leaves it for a later run.
 */
export function classifyFailure(c: FailureCandidate, now: Date, lookbackMs: number): FailureVerdict {
  if (c.subscriptionId === null || c.subscriptionStatus === null) return { verdict: 'ignore', reason: 'no_subscription' };
  if (!(BILLABLE_STATUSES as readonly string[]).includes(c.subscriptionStatus)) return { verdict: 'ignore', reason: `subscription_${c.subscriptionStatus}` };
  if (c.superseded) return { verdict: 'ignore', reason: 'paid_later' };
  if (c.chainActive) return { verdict: 'ignore', reason: 'chain_active' };
  const failedAt = c.failedAt ?? now;
  if (failedAt.getTime() < now.getTime() - lookbackMs) return { verdict: 'ignore', reason: 'stale' };
  if (c.companyId === null || c.companyName === null) return { verdict: 'skip', reason: 'company_missing' };
  if (c.admin === null) return { verdict: 'skip', reason: 'no_admin' };
  return { verdict: 'enter', failedAt };
}

/** The reason a customer reads: the provider's message, else its code. */
export function failureReason(code: string | null, message: string | null): string {
  if (message && message.trim()) return message.trim();
  return code ? `declined (code ${code})` : 'payment failed';
}
