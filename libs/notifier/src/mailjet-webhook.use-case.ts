import { createEnvelope, notificationEventId, type Envelope } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import { basicAuthMatches } from './basic-auth';
import type { BouncedRow, DeliveryReport, DeliveryReportStore } from './delivery-report';
import { parseMailjetEvents, toDeliveryReport } from './mailjet-events';
import type { NotifierMetrics } from './notifier.metrics';
import type { WebhookSettings } from './notifier.settings';
import { WebhookNotConfiguredError, WebhookUnauthorizedError } from './webhook.errors';

export interface WebhookRequest {
  authorization: string | undefined;
  /** The raw body when the HTTP layer kept it (lossless MessageIDs), else the parsed JSON. */
  body: string | Buffer | unknown;
}

export interface WebhookSummary {
  received: number;
  applied: number;
  ignored: number;
  bounced: number;
}

/**
 * Mailjet's Event API → email_logs: bounce and blocked → bounced (+ notification.email.bounced once),
 * spam → noted, open / click → first time kept, sent → delivered. Replaying a payload changes nothing.
 */
export class MailjetWebhookUseCase {
  constructor(
    private readonly store: DeliveryReportStore,
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
    private readonly metrics: NotifierMetrics,
  ) {}

  /** Throws WebhookNotConfiguredError, WebhookUnauthorizedError or MalformedWebhookError. */
  async receive(request: WebhookRequest): Promise<WebhookSummary> {
    const { credentials } = this.settings;
    if (!credentials) throw new WebhookNotConfiguredError();
    if (!basicAuthMatches(request.authorization, credentials)) throw new WebhookUnauthorizedError();
    const events = parseMailjetEvents(request.body);
    const now = this.clock.now();
    const reports: DeliveryReport[] = [];
    for (const event of events) {
      const outcome = toDeliveryReport(event, now);
      if ('report' in outcome) reports.push(outcome.report);
      else this.metrics.webhookEvent(event.event, 'ignored');
    }
    const applied = await this.store.apply(reports, bouncedEvent);
    for (const report of reports) this.metrics.webhookEvent(report.kind, 'recorded');
    return { received: events.length, applied: applied.changed, ignored: events.length - reports.length, bounced: applied.bounced };
  }
}

/** notification.email.bounced of a mail, once (its id is deterministic); also used by the poll. */
export function bouncedEvent(row: BouncedRow & { dedupKey: string }): Envelope<'notification.email.bounced'> {
  return createEnvelope('notification.email.bounced', {
    id: notificationEventId('notification.email.bounced', row.dedupKey),
    source: 'notifier',
    correlationId: row.dedupKey,
    occurredAt: row.at,
    data: {
      dedupKey: row.dedupKey,
      emailType: row.emailType,
      recipient: row.recipient,
      ...(row.companyId === null ? {} : { companyId: row.companyId }),
      ...(row.messageId === null ? {} : { providerMessageId: row.messageId }),
      ...(row.error === null ? {} : { error: row.error }),
    },
  });
}
