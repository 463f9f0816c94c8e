/**
 * The provider could not take the mail now (network, 429, 5xx, an unresolved earlier attempt): the
 * transport naks the event and it comes back after the back-off (ARCHITECTURE.md, "Delivery guarantees").
 */
export class TransientMailError extends Error {
  readonly retryAfterMs?: number;
  /** The exact redelivery delay, replacing the transport's back-off: the next CustomID lookup (docs/notifier.md). */
  readonly nakDelayMs?: number;
  /**
   * true when the provider may have taken the mail (a timeout, a reset, a 5xx): the outcome is unknown and
   * only CustomID lookups over MAILJET_LOOKUP_GRACE can settle it. false when it certainly did not
   * (refused connection, a 4xx such as 429, 401, 403 or 408).
   */
  readonly maybeAccepted: boolean;

  constructor(message: string, options: { retryAfterMs?: number; nakDelayMs?: number; maybeAccepted?: boolean } = {}) {
    super(message);
    this.name = 'TransientMailError';
    this.retryAfterMs = options.retryAfterMs;
    this.nakDelayMs = options.nakDelayMs;
    this.maybeAccepted = options.maybeAccepted ?? true;
  }
}

/** A template is missing or does not compile: the notifier refuses to start. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** email_logs.dedup_key is varchar(255): an event id longer than that can never be recorded, so no retry helps. */
export class DedupKeyTooLongError extends Error {
  readonly permanent = true;

  constructor(readonly dedupKey: string) {
    super(`event id is ${dedupKey.length} characters; email_logs.dedup_key holds at most 255`);
    this.name = 'DedupKeyTooLongError';
  }
}
