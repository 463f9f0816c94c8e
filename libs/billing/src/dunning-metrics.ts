export type DetectionResult = 'entered' | 'manual' | 'ignored';
export type RetryOutcome = 'succeeded' | 'late_settlement' | 'failed' | 'hard_declined' | 'pending' | 'not_sent' | 'unknown' | 'payment_requested';
export type CallbackResult = 'applied' | 'late_settlement' | 'duplicate' | 'forwarded' | 'forward_failed' | 'bad_hash' | 'conflict';
export type ForwardOutcome = 'ok' | 'refused' | 'unreachable' | 'not_configured';

/** Dunning's Prometheus series (prom.dunning-metrics.ts), behind a port so tests can pass their own. */
export interface DunningMetrics {
  detected(result: DetectionResult, count: number): void;
  retried(outcome: RetryOutcome): void;
  suspended(reason: 'exhausted' | 'hard_declined'): void;
  reactivated(cause: 'payment' | 'platform', count: number): void;
  invoiceIssued(): void;
  emitted(type: string, count: number): void;
  callback(result: CallbackResult): void;
  forwarded(result: ForwardOutcome): void;
}

export const NO_DUNNING_METRICS: DunningMetrics = {
  detected: () => undefined,
  retried: () => undefined,
  suspended: () => undefined,
  reactivated: () => undefined,
  invoiceIssued: () => undefined,
  emitted: () => undefined,
  callback: () => undefined,
  forwarded: () => undefined,
};
