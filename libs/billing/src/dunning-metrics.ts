export type DetectionResult = 'entered' | 'manual' | 'ignored';
export type RetryOutcome = 'succeeded' | 'failed' | 'hard_declined' | 'pending' | 'not_sent' | 'no_outcome' | 'payment_requested';
export type CallbackResult = 'applied' | 'duplicate' | 'unknown_order' | 'bad_hash' | 'conflict';

/** Dunning's Prometheus series (prom.dunning-metrics.ts), behind a port so tests can pass their own. */
export interface DunningMetrics {
  detected(result: DetectionResult, count: number): void;
  retried(outcome: RetryOutcome): void;
  suspended(reason: 'exhausted' | 'hard_declined'): void;
  reactivated(cause: 'payment' | 'platform', count: number): void;
  invoiceIssued(): void;
  emitted(type: string, count: number): void;
  callback(result: CallbackResult): void;
}

export const NO_DUNNING_METRICS: DunningMetrics = {
  detected: () => undefined,
  retried: () => undefined,
  suspended: () => undefined,
  reactivated: () => undefined,
  invoiceIssued: () => undefined,
  emitted: () => undefined,
  callback: () => undefined,
};
