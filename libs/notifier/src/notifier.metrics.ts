/** What the notifier counts (the Prometheus implementation is prom.notifier-metrics.ts). */
export interface NotifierMetrics {
  /** status: sent | failed | duplicate | recovered | skipped | retry */
  mail(type: string, status: string): void;
  /** Starts timing one provider request; call the result with its outcome. */
  startRequest(): (outcome: string) => void;
  batchSize(size: number): void;
  webhookEvent(event: string, outcome: string): void;
  /**
   * A send whose outcome is unknown (timeout, reset, 5xx): stage `unknown` when it happens, then `found`
   * (a CustomID lookup found the mail) or `resent` (every lookup over MAILJET_LOOKUP_GRACE found nothing).
   */
  unknownOutcome(type: string, stage: 'unknown' | 'found' | 'resent'): void;
}

export const NO_METRICS: NotifierMetrics = {
  mail: () => undefined,
  startRequest: () => () => undefined,
  batchSize: () => undefined,
  webhookEvent: () => undefined,
  unknownOutcome: () => undefined,
};
