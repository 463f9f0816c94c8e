import { basicAuthMatches } from './basic-auth';
import type { WebhookSettings } from './notifier.settings';
import { WebhookNotConfiguredError, WebhookUnauthorizedError } from './webhook.errors';

/**
 * Mailjet's Event API documents no largest batch: it groups "all the events of the last second" per URL
 * (mailjet/api-documentation, guides/_event-api.md, "JSON Sample delivered to the webhook URL"). One event
 * is under 1 kB; 1 MiB holds over 1,000 of them, above the notifier's own peak of about 650 mails a second
 * (docs/performance.md), and an unanswered batch is retried by Mailjet every 30 s for 24 h.
 */
export const MAILJET_WEBHOOK_BODY_LIMIT = 1024 * 1024;

export const MAILJET_WEBHOOK_PATH = '/webhooks/mailjet';

export interface WebhookRefusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** The webhook's basic auth, checked before a byte of its body is read (the use case checks it again). */
export function mailjetWebhookGate(settings: WebhookSettings): (request: { headers: { authorization?: string } }) => WebhookRefusal | undefined {
  return (request) => {
    if (!settings.credentials) return { status: 503, message: new WebhookNotConfiguredError().message };
    if (basicAuthMatches(request.headers.authorization, settings.credentials)) return undefined;
    return {
      status: 401,
      message: new WebhookUnauthorizedError().message,
      headers: { 'WWW-Authenticate': 'Basic realm="mailjet-webhook", charset="UTF-8"' },
    };
  };
}
