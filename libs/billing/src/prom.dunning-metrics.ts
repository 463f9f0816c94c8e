import { Counter, type Registry } from 'prom-client';
import type { CallbackResult, DetectionResult, DunningMetrics, ForwardOutcome, RetryOutcome } from './dunning-metrics';

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** `lifecycle_dunning_*` and friends on the process registry; safe to construct twice (all-in-one). */
export class PromDunningMetrics implements DunningMetrics {
  private readonly detectedTotal: Counter<'result'>;
  private readonly retriesTotal: Counter<'outcome'>;
  private readonly suspensionsTotal: Counter<'reason'>;
  private readonly reactivationsTotal: Counter<'cause'>;
  private readonly invoicesTotal: Counter;
  private readonly emittedTotal: Counter<'type'>;
  private readonly callbacksTotal: Counter<'result'>;
  private readonly forwardsTotal: Counter<'result'>;

  constructor(registry: Registry) {
    this.detectedTotal = counter(registry, 'lifecycle_dunning_detected_total', 'Failed payments billing looked at for dunning: entered, manual (gateway none) or ignored', ['result']);
    this.retriesTotal = counter(registry, 'lifecycle_dunning_retries_total', 'Dunning retries by outcome', ['outcome']);
    this.suspensionsTotal = counter(registry, 'lifecycle_dunning_suspensions_total', 'Subscriptions suspended by dunning, by reason', ['reason']);
    this.reactivationsTotal = counter(registry, 'lifecycle_billing_reactivations_total', 'Subscriptions announced as reactivated, by cause (a retry, or the platform)', ['cause']);
    this.invoicesTotal = counter(registry, 'lifecycle_billing_invoices_issued_total', 'Invoices billing issued for successful retries', []);
    this.emittedTotal = counter(registry, 'lifecycle_billing_events_emitted_total', 'Events billing wrote to the outbox, by type', ['type']);
    this.callbacksTotal = counter(registry, 'lifecycle_paytr_callbacks_total', 'PayTR notifications received, by result', ['result']);
    this.forwardsTotal = counter(
      registry,
      'lifecycle_paytr_forwards_total',
      "PayTR notifications passed on to the platform's callback (PAYTR_FORWARD_URL), by result: ok, refused (an answer other than OK), unreachable, not_configured",
      ['result'],
    );
  }

  detected(result: DetectionResult, count: number): void {
    if (count > 0) this.detectedTotal.inc({ result }, count);
  }

  retried(outcome: RetryOutcome): void {
    this.retriesTotal.inc({ outcome });
  }

  suspended(reason: 'exhausted' | 'hard_declined'): void {
    this.suspensionsTotal.inc({ reason });
  }

  reactivated(cause: 'payment' | 'platform', count: number): void {
    if (count > 0) this.reactivationsTotal.inc({ cause }, count);
  }

  invoiceIssued(): void {
    this.invoicesTotal.inc();
  }

  emitted(type: string, count: number): void {
    if (count > 0) this.emittedTotal.inc({ type }, count);
  }

  callback(result: CallbackResult): void {
    this.callbacksTotal.inc({ result });
  }

  forwarded(result: ForwardOutcome): void {
    this.forwardsTotal.inc({ result });
  }
}
