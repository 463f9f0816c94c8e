import { isoId } from '@lifecycle/contracts';
import type { GatewayName } from '@lifecycle/payments';
import type { DunningSettings } from './dunning.settings';
import { afterFailedRetry } from './dunning-outcome.rule';
import type { DueChainRow } from './payment-retry-preview.repository';

/** What the next payment-retry tick would do with one due chain. */
export type RetryAction =
  /** The stored card is charged. */
  | 'charge'
  /** No stored card: a payment-request mail asks the customer to pay in the app (docs/dunning.md). */
  | 'payment_request'
  /** Paid meanwhile by the platform: the chain is resolved, nothing is charged or sent. */
  | 'resolved'
  /** The subscription left billing: the chain is closed, nothing is charged or sent. */
  | 'closed';

export interface RetryPreview {
  chainId: number;
  companyId: number;
  companyName: string | null;
  subscriptionId: number | null;
  adminEmail: string | null;
  amount: number;
  currency: string;
  /** 2 for the first retry (attempt 1 was the platform's own charge). */
  attempt: number;
  maxAttempts: number;
  /** Whether the platform stored a PayTR card (`utoken` in subscriptions.paytr_subscription_id). */
  card: 'stored' | 'missing';
  action: RetryAction;
  /** What a failure of this attempt leads to (as of the tick's time); null when nothing is attempted. */
  onFailure: { kind: 'retry'; nextRetryAt: string } | { kind: 'suspend'; reason: 'exhausted' } | null;
}

/**
 * The retries a payment-retry tick at `at` would make, from the due chains (pure). With `paytr` a chain
 * without a stored card gets a payment request; the `fake` gateway charges whatever its script says, so it
 * is always a charge. A hard decline (PAYMENT_HARD_DECLINE_CODES) would suspend at once whatever `onFailure` says.
 */
export function planRetries(rows: readonly DueChainRow[], gateway: GatewayName, dunning: Pick<DunningSettings, 'schedule' | 'hardDeclines'>, at: Date): RetryPreview[] {
  if (gateway === 'none') return [];
  return rows.map((r) => {
    const retry = r.retryCount + 1;
    const card = r.userToken ? 'stored' : 'missing';
    const action: RetryAction = r.settledAs ?? (gateway === 'paytr' && card === 'missing' ? 'payment_request' : 'charge');
    const next = afterFailedRetry({ retry, code: null, now: at }, dunning.schedule, dunning.hardDeclines);
    const onFailure =
      r.settledAs !== null ? null : next.kind === 'retry' ? { kind: 'retry' as const, nextRetryAt: isoId(next.nextRetryAt) } : { kind: 'suspend' as const, reason: 'exhausted' as const };
    return {
      chainId: r.headId,
      companyId: r.companyId,
      companyName: r.companyName,
      subscriptionId: r.subscriptionId,
      adminEmail: r.adminEmail,
      amount: r.amount,
      currency: r.currency,
      attempt: retry + 1,
      maxAttempts: dunning.schedule.maxAttempts,
      card,
      action,
      onFailure,
    };
  });
}
