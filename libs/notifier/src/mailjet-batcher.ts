import type { MailjetApi, MailjetMessage, MessageOutcome } from './mailjet.api';
import { TransientMailError } from './mail.errors';
import type { NotifierMetrics } from './notifier.metrics';

/** Send API v3.1 takes at most 50 messages per request. */
export const MAILJET_MAX_BATCH = 50;

export interface MailjetBatcherOptions {
  /** 1 sends every message on its own request. */
  maxBatch: number;
  /** How long the first message of a batch waits for company. */
  lingerMs: number;
  /** Longest total Retry-After waited for in place before giving the messages back as transient failures. */
  retryAfterCapMs: number;
  metrics: NotifierMetrics;
  sleep?: (ms: number) => Promise<void>;
}

interface Waiting {
  message: MailjetMessage;
  resolve: (outcome: MessageOutcome) => void;
  reject: (error: Error) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Collects concurrent sends into Send API requests of up to 50 messages: a batch leaves when it is
 * full or when its first message has waited `lingerMs`. Every caller gets its own message's outcome;
 * a 429 pauses every request until its Retry-After has passed.
 */
export class MailjetBatcher {
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private paused: Promise<void> | null = null;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly api: MailjetApi,
    private readonly options: MailjetBatcherOptions,
  ) {
    if (options.maxBatch < 1 || options.maxBatch > MAILJET_MAX_BATCH) throw new RangeError(`maxBatch must be 1..${MAILJET_MAX_BATCH}`);
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves with this message's outcome; rejects with TransientMailError when the request failed as a whole. */
  send(message: MailjetMessage): Promise<MessageOutcome> {
    return new Promise<MessageOutcome>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  /** Sends what is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0) void this.dispatch(this.queue.splice(0, this.options.maxBatch));
  }

  private async dispatch(batch: Waiting[], waitedMs = 0): Promise<void> {
    try {
      while (this.paused) await this.paused;
      this.options.metrics.batchSize(batch.length);
      const stop = this.options.metrics.startRequest();
      const outcome = await this.api.send(batch.map((w) => w.message));
      stop(outcome.kind);
      switch (outcome.kind) {
        case 'per-message':
          batch.forEach((w, i) => w.resolve(outcome.outcomes[i]));
          return;
        case 'rate-limited': {
          const wait = outcome.retryAfterMs ?? 1_000;
          if (waitedMs + wait > this.options.retryAfterCapMs) {
            const error = new TransientMailError(`mailjet 429: Retry-After ${Math.ceil(wait / 1000)} s exceeds the in-place cap`, {
              retryAfterMs: wait,
              maybeAccepted: false,
            });
            batch.forEach((w) => w.reject(error));
            return;
          }
          await this.pause(wait);
          return this.dispatch(batch, waitedMs + wait);
        }
        case 'transient': {
          const error = new TransientMailError(outcome.error, { maybeAccepted: outcome.maybeAccepted });
          batch.forEach((w) => w.reject(error));
          return;
        }
        case 'rejected':
          // One bad message may spoil a request that carries no per-message results: try each alone.
          if (batch.length > 1) {
            await Promise.all(batch.map((w) => this.dispatch([w], waitedMs)));
            return;
          }
          batch[0].resolve({ ok: false, error: outcome.error, permanent: true });
          return;
      }
    } catch (error) {
      const failure = error instanceof TransientMailError ? error : new TransientMailError(`mailjet request failed: ${String(error)}`);
      batch.forEach((w) => w.reject(failure));
    }
  }

  private async pause(ms: number): Promise<void> {
    // One pause for every request: the rate limit is the account's, not the batch's.
    const pause = (this.paused ??= this.sleep(ms).finally(() => {
      if (this.paused === pause) this.paused = null;
    }));
    await pause;
  }
}
