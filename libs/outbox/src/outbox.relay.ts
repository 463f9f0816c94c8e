import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Backoff } from './backoff';
import { OutboxCommitSubscriber } from './outbox-commit.signal';
import type { OutboxPublisher } from './outbox.publisher';
import { OutboxRepository, type ClaimedEvent, type PublishResult } from './outbox.repository';

export interface OutboxRelayOptions {
  /** Events claimed per transaction; default 500. */
  batchSize?: number;
  /**
   * Wait between claims when the last one found nothing to do; default 100 ms. The relay polls: a NOTIFY
   * trigger would make PostgreSQL commit every outbox-writing transaction one at a time (docs/performance.md).
   */
  pollIntervalMs?: number;
  /** Wait after a batch that deferred events (another relay holds an earlier event of their aggregate); default 100 ms. */
  deferredRetryMs?: number;
  /** How often the relay claims from the oldest unsent event; in between it continues after its last claimed id. Default 1 s. */
  rescanIntervalMs?: number;
  /** Back-off while publishing fails (NATS down), doubling up to the max; defaults 500 ms, 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
}

const BACKLOG_REFRESH_MS = 5_000;

/**
 * Publishes committed outbox events (ARCHITECTURE.md, "Delivery guarantees"): claims a batch with
 * FOR UPDATE SKIP LOCKED, publishes it, marks the outcome and commits, in one transaction. A crash
 * after publishing and before commit republishes the batch; the Nats-Msg-Id drops the duplicates.
 */
export class OutboxRelay {
  private readonly repository = new OutboxRepository();
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly deferredRetryMs: number;
  private readonly rescanIntervalMs: number;
  /** The last id claimed since the last claim from the head (null: claim from the oldest unsent event). */
  private cursor: string | null = null;
  private headScannedAt = 0;
  private readonly backoff: Backoff;
  private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>;
  /** Wakes the relay when a transaction of this process that wrote events commits. */
  private readonly commitSubscriber = new OutboxCommitSubscriber(() => this.notify());

  private loop: Promise<void> | null = null;
  private stopping = false;
  private woken = false;
  private wake: (() => void) | null = null;

  private publishedCount = 0;
  private failedCount = 0;
  private pendingCount = 0;
  private lag = 0;
  private backlogRefreshedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.deferredRetryMs = options.deferredRetryMs ?? 100;
    this.rescanIntervalMs = options.rescanIntervalMs ?? 1_000;
    this.backoff = new Backoff(options.backoffBaseMs ?? 500, options.backoffMaxMs ?? 30_000);
    this.logger = options.logger ?? new Logger(OutboxRelay.name);
  }

  /** Events published since start (JetStream acked them, duplicates included). */
  get published(): number {
    return this.publishedCount;
  }

  /** Publish attempts that failed since start. */
  get failed(): number {
    return this.failedCount;
  }

  /** Unsent events, counted after a cycle that was not a full batch, at most every 5 s. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Age in seconds of the oldest unsent event, read with `pending`. */
  get lagSeconds(): number {
    return this.lag;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.dataSource.subscribers.push(this.commitSubscriber);
    this.loop = this.run();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    const subscribers = this.dataSource.subscribers;
    if (subscribers.includes(this.commitSubscriber)) subscribers.splice(subscribers.indexOf(this.commitSubscriber), 1);
  }

  /** Wakes the relay now instead of at its next poll; called after this process commits events. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /**
   * One batch; the loop's step, exposed for tests and tools. `deferred`: claimed but not attempted,
   * because another relay holds an earlier event of their aggregate or an earlier one failed.
   */
  async runOnce(): Promise<{ claimed: number; sent: number; failed: number; deferred: number }> {
    // A claim from the head walks every index entry that sent events left dead since the last VACUUM,
    // and a locking scan does not mark them dead: at most one such claim per rescanIntervalMs. In
    // between, claims start after the last claimed id, or just before the first claimed event that was
    // not sent (deferred or failed), so that one is claimed again; an event that committed late with a
    // lower id is taken by the next claim from the head.
    const now = Date.now();
    if (now - this.headScannedAt >= this.rescanIntervalMs) {
      this.cursor = null;
      this.headScannedAt = now;
    }
    const { claimed, result } = await this.repository.processBatch(this.dataSource, this.batchSize, (events) => this.publish(events), this.cursor);
    this.publishedCount += result.sent.length;
    this.failedCount += result.failed.length;
    const deferred = claimed.length - result.sent.length - result.failed.length;
    if (claimed.length > 0) this.cursor = nextCursor(claimed, result);
    return { claimed: claimed.length, sent: result.sent.length, failed: result.failed.length, deferred };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let batch: Awaited<ReturnType<OutboxRelay['runOnce']>> | null = null;
      try {
        batch = await this.runOnce();
      } catch (error) {
        this.logger.error(`outbox relay cycle failed: ${(error as Error).message}`);
      }
      if (batch && batch.failed === 0) {
        this.backoff.reset();
        if (batch.claimed === this.batchSize && batch.sent > 0) continue;
      }
      await this.refreshBacklog();
      if (!batch || batch.failed > 0) {
        const delay = this.backoff.next();
        if (batch) this.logger.warn(`outbox: ${batch.failed} of ${batch.claimed} events failed to publish; retrying in ${delay} ms`);
        await this.sleep(delay, false);
      } else {
        await this.sleep(batch.deferred > 0 ? this.deferredRetryMs : this.pollIntervalMs, true);
      }
    }
  }

  /**
   * Publishes in waves: the n-th publishable event of every aggregate goes out in wave n, pipelined, and
   * an aggregate whose event failed sends nothing more this batch, so a later event never overtakes
   * an earlier one on the stream.
   */
  private async publish(events: ClaimedEvent[]): Promise<PublishResult> {
    const queues = new Map<string, ClaimedEvent[]>();
    for (const event of events) {
      if (event.blocked) continue;
      const queue = queues.get(event.aggregate);
      if (queue) queue.push(event);
      else queues.set(event.aggregate, [event]);
    }
    const result: PublishResult = { sent: [], failed: [] };
    while (queues.size > 0) {
      const wave = [...queues.values()].map((queue) => queue.shift()!);
      const outcomes = await this.publisher.publishBatch(wave.map((e) => ({ subject: e.subject, id: e.eventId, payload: e.payload })));
      wave.forEach((event, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) result.sent.push(event.id);
        else {
          result.failed.push({ id: event.id, error: (outcome ? outcome.error.message : 'no publish outcome').slice(0, 2_000) });
          queues.delete(event.aggregate);
        }
      });
      for (const [aggregate, queue] of queues) if (queue.length === 0) queues.delete(aggregate);
    }
    return result;
  }

  /** The backlog count walks the unsent index; once per BACKLOG_REFRESH_MS is enough for its readers. */
  private async refreshBacklog(): Promise<void> {
    const now = Date.now();
    if (now - this.backlogRefreshedAt < BACKLOG_REFRESH_MS) return;
    this.backlogRefreshedAt = now;
    try {
      const backlog = await this.repository.backlog(this.dataSource);
      this.pendingCount = backlog.pending;
      this.lag = backlog.lagSeconds;
    } catch {
      // the database is unreachable; the cycle already logged it, and the last figures stand
    }
  }

  /** Resolves after `ms`, on stop(), or (when `wakeable`) on a notification, including one that came while busy. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeable ? done : () => this.stopping && done();
    });
  }
}

/** Where the next claim starts: after the batch, or at its first event that was not sent. */
function nextCursor(claimed: readonly ClaimedEvent[], result: PublishResult): string {
  const sent = new Set(result.sent);
  const firstUnsent = claimed.find((event) => !sent.has(event.id));
  return firstUnsent ? (BigInt(firstUnsent.id) - 1n).toString() : claimed[claimed.length - 1].id;
}
