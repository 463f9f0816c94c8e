/** MAILJET_WEBHOOK_USER / MAILJET_WEBHOOK_PASSWORD are unset: the endpoint accepts nothing (HTTP 503). */
export class WebhookNotConfiguredError extends Error {
  constructor() {
    super('webhook not configured: set MAILJET_WEBHOOK_USER and MAILJET_WEBHOOK_PASSWORD');
    this.name = 'WebhookNotConfiguredError';
  }
}

/** Missing or wrong basic-auth credentials (HTTP 401). */
export class WebhookUnauthorizedError extends Error {
  constructor() {
    super('valid basic-auth credentials are required');
    this.name = 'WebhookUnauthorizedError';
  }
}

/** The body is not a Mailjet Event API payload (HTTP 400). */
export class MalformedWebhookError extends Error {
  constructor(reason: string) {
    super(`malformed Mailjet event payload: ${reason}`);
    this.name = 'MalformedWebhookError';
  }
}
