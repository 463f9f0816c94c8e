import type { Consumer, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { provisionConsumer } from './consumer-provisioner';
import { DeliveryProcessor, type DeliveryProcessorDeps } from './delivery.processor';
import { describeError } from './retry-policy';

export interface ConsumerRunnerDeps extends Omit<DeliveryProcessorDeps, 'abandoned'> {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** How long one pull request waits for messages. */
  pullExpiresMs: number;
}

const MAX_RETRY_PAUSE_MS = 10_000;

/**
 * Pulls one durable consumer with at most `concurrency` messages in flight: fetch asks only for free
 * slots, so nothing waits unprocessed in a client buffer while its ack_wait runs. A new fetch waits
 * until at least half of the slots are free and then asks for all of them, so a saturated consumer
 * makes one pull request per concurrency/2 messages or more, not one per message.
 */
export class ConsumerRunner {
  private stopping = false;
  private abandoned = false;
  private readonly processor: DeliveryProcessor;
  private readonly inFlight = new Set<Promise<void>>();
  private batch: ConsumerMessages | null = null;
  private wakeUp: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ConsumerRunnerDeps) {
    this.processor = new DeliveryProcessor({ ...deps, abandoned: () => this.abandoned });
  }

  get name(): string {
    return this.deps.consumer.durable;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(consumer: Consumer): void {
    this.loopDone = this.loop(consumer);
  }

  /** Stops pulling and waits for handlers in flight until the deadline; true when all finished. */
  async stop(deadline: number): Promise<boolean> {
    this.stopping = true;
    this.wake();
    await this.batch?.close();
    await this.loopDone;
    const finished = await settledBefore([...this.inFlight], deadline);
    if (!finished) this.abandoned = true;
    return finished;
  }

  private async loop(initial: Consumer): Promise<void> {
    let consumer: Consumer | null = initial;
    let failures = 0;
    const { durable, concurrency } = this.deps.consumer;
    while (!this.stopping) {
      try {
        consumer ??= await this.reconnectConsumer();
        await this.untilSlotsFree(refillAt(concurrency));
        if (this.stopping) break;
        const batch = await consumer.fetch({
          max_messages: concurrency - this.inFlight.size,
          expires: this.deps.pullExpiresMs,
          idle_heartbeat: pullHeartbeatMs(this.deps.pullExpiresMs),
        });
        this.batch = batch;
        if (this.stopping) await batch.close();
        for await (const msg of batch) this.accept(msg);
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        failures++;
        consumer = null;
        const pause = Math.min(500 * 2 ** failures, MAX_RETRY_PAUSE_MS);
        const log = failures === 1 ? this.deps.logger.warn : this.deps.logger.debug ?? this.deps.logger.warn;
        log.call(this.deps.logger, `${durable}: pulling failed (${describeError(error)}); retrying in ${pause} ms`);
        await this.pause(pause);
      } finally {
        this.batch = null;
      }
    }
  }

  /** The consumer may have been deleted or the server restarted without its store: provision it again. */
  private async reconnectConsumer(): Promise<Consumer> {
    const provisioned = await provisionConsumer(this.deps.jsm, this.deps.namespace, this.deps.consumer);
    if (provisioned.outcome !== 'unchanged') this.deps.logger.warn(`${provisioned.durable}: consumer ${provisioned.outcome} again`);
    return this.deps.js.consumers.get(provisioned.stream, provisioned.durable);
  }

  private accept(msg: JsMsg): void {
    if (this.stopping) {
      // pulled while shutting down: hand it straight back for another process
      msg.nak();
      return;
    }
    const task: Promise<void> = this.processor.process(msg)
      .catch((error) => this.deps.logger.error(`${this.name}: settling #${msg.seq} failed: ${describeError(error)}`))
      .finally(() => {
        this.inFlight.delete(task);
        this.wake();
      });
    this.inFlight.add(task);
  }

  private untilSlotsFree(wanted: number): Promise<void> {
    if (this.stopping || this.deps.consumer.concurrency - this.inFlight.size >= wanted) return Promise.resolve();
    return new Promise<void>((resolve) => (this.wakeUp = resolve)).then(() => this.untilSlotsFree(wanted));
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}

/**
 * The server's heartbeat on a waiting pull. Two missed ones end the pull, so a pull held by a consumer
 * leader that died (a NATS node lost, docs/operations.md "High availability") is given up after about
 * 2 s rather than nats.js's default of half the expiry (2 × 5 s): the next pull reaches the new leader.
 */
export function pullHeartbeatMs(expiresMs: number): number {
  return Math.max(500, Math.min(1_000, Math.floor(expiresMs / 2)));
}

/** Free slots a new fetch waits for: half of them, at least one. */
export function refillAt(concurrency: number): number {
  return Math.max(1, Math.ceil(concurrency / 2));
}

function settledBefore(tasks: Promise<unknown>[], deadline: number): Promise<boolean> {
  if (tasks.length === 0) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(deadline - Date.now(), 0));
    void Promise.allSettled(tasks).then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
