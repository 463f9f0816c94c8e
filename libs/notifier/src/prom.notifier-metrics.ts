import { Counter, Histogram, type Registry } from 'prom-client';
import type { NotifierMetrics } from './notifier.metrics';

export class PromNotifierMetrics implements NotifierMetrics {
  private readonly mails: Counter<'type' | 'status'>;
  private readonly sendSeconds: Histogram<'transport' | 'outcome'>;
  private readonly batchSizes: Histogram;
  private readonly webhookEvents: Counter<'event' | 'outcome'>;
  private readonly unknownOutcomes: Counter<'type' | 'stage'>;

  constructor(registry: Registry, private readonly transport: string) {
    this.mails = new Counter({
      name: 'lifecycle_notifier_mails_total',
      help: 'Mails by email type and outcome (sent, failed, duplicate, recovered, skipped, retry)',
      labelNames: ['type', 'status'],
      registers: [registry],
    });
    this.sendSeconds = new Histogram({
      name: 'lifecycle_notifier_send_seconds',
      help: 'Duration of one provider request (one Mailjet Send API call, one file written)',
      labelNames: ['transport', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.batchSizes = new Histogram({
      name: 'lifecycle_notifier_batch_size',
      help: 'Messages per Mailjet Send API request',
      buckets: [1, 2, 5, 10, 20, 30, 40, 50],
      registers: [registry],
    });
    this.webhookEvents = new Counter({
      name: 'lifecycle_notifier_webhook_events_total',
      help: 'Mailjet Event API events by kind and outcome (recorded: matched against email_logs; ignored: not a kind we record)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    });
    this.unknownOutcomes = new Counter({
      name: 'lifecycle_notifier_unknown_outcomes_total',
      help: 'Mailjet sends of unknown outcome (timeout, reset, 5xx): unknown when it happened, found by a CustomID lookup, or resent after MAILJET_LOOKUP_GRACE',
      labelNames: ['type', 'stage'],
      registers: [registry],
    });
  }

  mail(type: string, status: string): void {
    this.mails.inc({ type, status });
  }

  startRequest(): (outcome: string) => void {
    const end = this.sendSeconds.startTimer({ transport: this.transport });
    return (outcome) => end({ outcome });
  }

  batchSize(size: number): void {
    this.batchSizes.observe(size);
  }

  webhookEvent(event: string, outcome: string): void {
    this.webhookEvents.inc({ event, outcome });
  }

  unknownOutcome(type: string, stage: string): void {
    this.unknownOutcomes.inc({ type, stage });
  }
}
